#include "storage/sqlite/sqlite_database.h"

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "core/log.h"
#include "storage/sqlite/checkpointer.h"
#include "storage/sqlite/derived_pairing.h"
#include "storage/sqlite/sqlite_connection.h"

namespace plenary::storage {
namespace {

// Readers beyond the writer; WAL lets them run beside it and beside each other.
constexpr size_t kMaxReaders = 4;

class SqliteDatabase final : public Database {
 public:
  // `derived` is null for an in-memory database; `page_bytes` is the main file's page size.
  SqliteDatabase(std::string path, std::unique_ptr<SqliteConnection> writer,
                 std::unique_ptr<SqliteConnection> derived, int64_t page_bytes)
      : path_(std::move(path)), writer_(std::move(writer)), derived_(std::move(derived)) {
    if (!in_memory()) {
      checkpointer_ = std::make_unique<Checkpointer>(path_);
      writer_->OnCommit([checkpointer = checkpointer_.get(), page_bytes](int log_pages) {
        checkpointer->Committed(log_pages * page_bytes);
      });
    }
  }

  ~SqliteDatabase() override {
    if (checkpointer_) {
      checkpointer_->Stop();
      writer_->OnCommit(nullptr);
    }
  }

  Backend backend() const override { return Backend::kSqlite; }

  Status Transaction(const std::function<Status(Connection&)>& work) override {
    // One writer at a time inside this process; BEGIN IMMEDIATE (with the busy timeout)
    // orders us against other processes before any read, so no upgrade can deadlock.
    std::lock_guard lock(write_mutex_);
    if (checkpointer_ && checkpointer_->RestartDue()) {
      // The log outgrew the checkpoints running beside the commits: copy the rest and start it
      // again, before it grows further. A failure leaves it as it is, for the next try.
      if (auto restarted = writer_->Checkpoint(CheckpointMode::kRestart); !restarted) {
        log::Warn("wal_restart_failed", {{"error", restarted.error().ToString()}});
      }
    }
    return writer_->RunTransaction("BEGIN IMMEDIATE", work);
  }

  Status EventualTransaction(const std::function<Status(Connection&)>& work) override {
    std::lock_guard lock(write_mutex_);
    // WAL frames are appended in order and a durable commit syncs the log up to its own end:
    // what this one wrote is synced by the next durable commit (or checkpoint), and lost only
    // with nothing committed after it.
    RETURN_IF_ERROR(writer_->ExecuteScript("PRAGMA synchronous=NORMAL"));
    Status status = writer_->RunTransaction("BEGIN IMMEDIATE", work);
    Status restored = writer_->ExecuteScript("PRAGMA synchronous=FULL");
    return status.ok() ? restored : status;
  }

  Status DerivedTransaction(const std::function<Status(Connection&)>& work) override {
    if (in_memory()) {
      // One connection holds everything: the derived tables live beside the others.
      return Transaction(work);
    }
    // Not write_mutex_: the main file's writer goes on meanwhile. SQLite locks per file, and
    // this connection has only the derived file (synchronous=NORMAL, see DerivedFilePath).
    std::lock_guard lock(derived_mutex_);
    return derived_->RunTransaction("BEGIN IMMEDIATE", work);
  }

  Status Read(const std::function<Status(Connection&)>& work) override {
    if (in_memory()) {
      // A private in-memory database lives in its one connection.
      std::lock_guard lock(write_mutex_);
      RETURN_IF_ERROR(writer_->ExecuteScript("PRAGMA query_only=ON"));
      Status status = writer_->RunTransaction("BEGIN", work);
      Status reset = writer_->ExecuteScript("PRAGMA query_only=OFF");
      return status.ok() ? reset : status;
    }
    ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> reader, AcquireReader());
    // A deferred transaction pins one snapshot for all of `work`'s reads.
    Status status = reader->RunTransaction("BEGIN", work);
    ReleaseReader(std::move(reader));
    return status;
  }

 private:
  bool in_memory() const { return path_ == ":memory:"; }

  Result<std::unique_ptr<SqliteConnection>> AcquireReader() {
    std::unique_lock lock(pool_mutex_);
    pool_cv_.wait(lock, [&] { return !idle_readers_.empty() || open_readers_ < kMaxReaders; });
    if (!idle_readers_.empty()) {
      auto reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return reader;
    }
    ++open_readers_;
    lock.unlock();
    auto reader = OpenReader();
    if (!reader.has_value()) {
      lock.lock();
      --open_readers_;
      pool_cv_.notify_one();
    }
    return reader;
  }

  // A read-only connection to the main file with the derived file attached: derived tables
  // are no longer in the main file, so their unqualified names resolve to `derived`.
  Result<std::unique_ptr<SqliteConnection>> OpenReader() {
    ASSIGN_OR_RETURN(auto reader, SqliteConnection::Open(path_, /*read_only=*/true));
    const Value file = DerivedFilePath(path_);
    ASSIGN_OR_RETURN(int64_t changed,
                     reader->Execute("ATTACH DATABASE ? AS derived", std::span(&file, 1)));
    (void)changed;
    return reader;
  }

  void ReleaseReader(std::unique_ptr<SqliteConnection> reader) {
    std::lock_guard lock(pool_mutex_);
    idle_readers_.push_back(std::move(reader));
    pool_cv_.notify_one();
  }

  const std::string path_;
  std::mutex write_mutex_;
  std::unique_ptr<SqliteConnection> writer_;  // guarded by write_mutex_
  std::mutex derived_mutex_;
  std::unique_ptr<SqliteConnection> derived_;  // guarded by derived_mutex_; files only
  std::mutex pool_mutex_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;  // guarded by pool_mutex_
  size_t open_readers_ = 0;                                      // guarded by pool_mutex_
  std::unique_ptr<Checkpointer> checkpointer_;                   // files only
};

}  // namespace

std::string DerivedFilePath(std::string_view path) {
  return std::string(path) + "-derived";
}

Result<std::unique_ptr<Database>> OpenSqliteDatabase(std::string_view path_view) {
  std::string path(path_view);
  if (path.empty()) {
    return Error(InvalidArgument("sqlite: URL needs a path, e.g. sqlite:var/plenary.db"));
  }
  if (path.find('\0') != std::string::npos) {
    return Error(InvalidArgument("sqlite: path contains a NUL byte"));
  }
  if (path != ":memory:") {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) {
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        return Error(Unavailable("cannot create folder " + parent.string() + ": " + ec.message()));
      }
    }
  }
  ASSIGN_OR_RETURN(auto writer, SqliteConnection::Open(path, /*read_only=*/false));
  // The log counts pages; the checkpointer's thresholds are bytes.
  ASSIGN_OR_RETURN(Rows page, writer->Query("PRAGMA page_size"));
  const int64_t page_bytes = page.rows.empty() ? 4096 : page.rows.front().Int(0);
  std::unique_ptr<SqliteConnection> derived;
  if (path != ":memory:") {
    // Opened (and so created, in WAL mode) before any reader attaches it. A missing file comes
    // back empty, as does one that belongs to another main file (derived_pairing.h); Migrate
    // gives it its schema, and derived data is rebuilt from the main file.
    ASSIGN_OR_RETURN(derived, OpenPairedDerivedFile(*writer, path));
  }
  return std::make_unique<SqliteDatabase>(std::move(path), std::move(writer), std::move(derived),
                                          page_bytes);
}

}  // namespace plenary::storage
