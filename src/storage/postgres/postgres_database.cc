#include "storage/postgres/postgres_database.h"

#include <condition_variable>
#include <mutex>
#include <vector>

#include "storage/postgres/postgres_connection.h"

namespace plenary::storage {
namespace {

constexpr size_t kMaxConnections = 8;
// pg_advisory_xact_lock key shared by every write transaction ("Plenary" in ASCII).
constexpr std::string_view kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(22606980734280057)";
constexpr std::string_view kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string conninfo, std::unique_ptr<PostgresConnection> first)
      : conninfo_(std::move(conninfo)) {
    idle_.push_back(std::move(first));
    open_ = 1;
  }

  Backend backend() const override { return Backend::kPostgres; }

  Status Transaction(const std::function<Status(Connection&)>& work) override {
    return WithConnection(kBeginWrite, work);
  }

  Status EventualTransaction(const std::function<Status(Connection&)>& work) override {
    return WithConnection(kBeginWrite, [&](Connection& c) -> Status {
      RETURN_IF_ERROR(c.ExecuteScript("SET LOCAL synchronous_commit TO off"));
      return work(c);
    });
  }

  // One database holds the main and the derived tables: derived writes take the one writer
  // (the advisory lock) as any other, without waiting for their commit's sync.
  Status DerivedTransaction(const std::function<Status(Connection&)>& work) override {
    return EventualTransaction(work);
  }

  Status Read(const std::function<Status(Connection&)>& work) override {
    return WithConnection(kBeginRead, work);
  }

 private:
  Status WithConnection(std::string_view begin, const std::function<Status(Connection&)>& work) {
    ASSIGN_OR_RETURN(std::unique_ptr<PostgresConnection> connection, Acquire());
    Status status = connection->RunTransaction(begin, work);
    Release(std::move(connection));
    return status;
  }

  Result<std::unique_ptr<PostgresConnection>> Acquire() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < kMaxConnections; });
    while (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      if (connection->healthy()) {
        return connection;
      }
      --open_;
    }
    ++open_;
    lock.unlock();
    auto connection = PostgresConnection::Open(conninfo_);
    if (!connection.has_value()) {
      lock.lock();
      --open_;
      cv_.notify_one();
    }
    return connection;
  }

  void Release(std::unique_ptr<PostgresConnection> connection) {
    std::lock_guard lock(mutex_);
    if (connection->healthy()) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;  // a lost connection is replaced on demand
    }
    cv_.notify_one();
  }

  const std::string conninfo_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_;  // guarded by mutex_
  size_t open_ = 0;                                        // guarded by mutex_
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgresDatabase(std::string_view url) {
  ASSIGN_OR_RETURN(std::string conninfo, NormalizePostgresUrl(url));
  // Connecting once now reports an unreachable server at start-up rather than on first use.
  ASSIGN_OR_RETURN(auto first, PostgresConnection::Open(conninfo));
  return std::make_unique<PostgresDatabase>(std::move(conninfo), std::move(first));
}

Status ExecuteOutsideTransaction(std::string_view url, std::string_view sql) {
  ASSIGN_OR_RETURN(std::string conninfo, NormalizePostgresUrl(url));
  ASSIGN_OR_RETURN(auto connection, PostgresConnection::Open(conninfo));
  return connection->RunAutocommit(sql);
}

}  // namespace plenary::storage
