#include "storage/sqlite/sqlite_connection.h"

#include <string>
#include <utility>

#include "storage/sqlite/terms_tokenizer.h"

namespace plenary::storage {
namespace {

constexpr int kBusyTimeoutMs = 10000;
// Past this many distinct statements the cache is emptied (queries are named constants, so
// this only bounds memory for code that builds SQL dynamically).
constexpr size_t kMaxCachedStatements = 256;

bool OnlyBlanks(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ';') {
      return false;
    }
  }
  return true;
}

}  // namespace

Status SqliteStatus(int rc, sqlite3* db, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_ROWID:
      return Conflict(std::move(message));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return FailedPrecondition(std::move(message));
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      return InvalidArgument(std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PROTOCOL:
      return Unavailable(std::move(message));
    case SQLITE_FULL:
    case SQLITE_NOMEM:
      return ResourceExhausted(std::move(message));
    default:
      return Internal(std::move(message));
  }
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                 bool read_only) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status status = SqliteStatus(rc, db, "cannot open SQLite database " + path);
    sqlite3_close_v2(db);
    return Error(std::move(status));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  RETURN_IF_ERROR(RegisterTermsTokenizer(db));
  // A new file gets 16 KiB pages, not SQLite's 4 KiB: every page is a system call to write to
  // the log, another to read back at a checkpoint and a third to write in place, and system
  // calls are dear on virtual machines (an import of 100,000 contributions took 7% less CPU, its
  // system calls -60%). A file that exists keeps its pages (WAL mode cannot change their size).
  RETURN_IF_ERROR(connection->Simple("PRAGMA page_size=16384"));
  // journal_mode=WAL is persistent and answers a row; it is a no-op for :memory:.
  RETURN_IF_ERROR(connection->Simple("PRAGMA journal_mode=WAL"));
  // A commit that has returned must survive a power loss (a receipt may have been given for it):
  // FULL syncs the WAL at every commit, where NORMAL waits for the next checkpoint. Readers
  // commit nothing, and sync nothing either way.
  RETURN_IF_ERROR(
      connection->Simple(read_only ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL"));
  RETURN_IF_ERROR(connection->Simple("PRAGMA foreign_keys=ON"));
  // Page caches sized for a million contributions: the writer's must hold a batch's dirty
  // pages (else they spill to the WAL mid-transaction and are written again) and the hot parts
  // of the indexes that take random keys (receipts); 2 MB, the default, held neither. Memory is
  // taken only as pages are read.
  RETURN_IF_ERROR(connection->Simple(read_only ? "PRAGMA cache_size=-32768"      // 32 MiB
                                               : "PRAGMA cache_size=-131072"));  // 128 MiB
  // Temporary data in memory: above all the statement journal, which keeps every page a
  // savepoint (one per item of a shared commit) changes, so that the savepoint can roll back.
  // In a temporary file it cost two writes per page, a shared commit's largest I/O by far.
  RETURN_IF_ERROR(connection->Simple("PRAGMA temp_store=MEMORY"));
  if (read_only) {
    RETURN_IF_ERROR(connection->Simple("PRAGMA query_only=ON"));
  }
  return connection;
}

void SqliteConnection::OnCommit(std::function<void(int)> committed) {
  committed_ = std::move(committed);
  if (!committed_) {
    sqlite3_wal_autocheckpoint(db_, 1000);  // SQLite's own again
    return;
  }
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3*, const char*, int log_pages) {
        static_cast<SqliteConnection*>(self)->committed_(log_pages);
        return SQLITE_OK;
      },
      this);
}

Result<CheckpointResult> SqliteConnection::Checkpoint(CheckpointMode mode) {
  CheckpointResult result;
  int rc = sqlite3_wal_checkpoint_v2(
      db_, nullptr,
      mode == CheckpointMode::kRestart ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE,
      &result.log_pages, &result.copied_pages);
  // A restart that found the writer or a reader busy past the timeout copied what it could.
  if (rc != SQLITE_OK && !(rc == SQLITE_BUSY && mode == CheckpointMode::kRestart)) {
    return Error(SqliteStatus(rc, db_, "checkpoint"));
  }
  return result;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) {
    sqlite3_finalize(stmt);
  }
  sqlite3_close_v2(db_);
}

Status SqliteConnection::Simple(const char* sql) {
  // BEGIN and COMMIT run for every transaction: they come from the statement cache too.
  ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
  int rc = SQLITE_ROW;
  while (rc == SQLITE_ROW) {
    rc = sqlite3_step(stmt);
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) {
    return SqliteStatus(rc, db_, sql);
  }
  return Status::Ok();
}

Result<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) {
    return it->second;
  }
  if (statements_.size() >= kMaxCachedStatements) {
    for (auto& [text, stmt] : statements_) {
      sqlite3_finalize(stmt);
    }
    statements_.clear();
  }
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) {
    return Error(SqliteStatus(rc, db_, "prepare"));
  }
  if (stmt == nullptr) {
    return Error(Internal("empty SQL statement"));
  }
  if (!OnlyBlanks(std::string_view(tail, sql.data() + sql.size() - tail))) {
    sqlite3_finalize(stmt);
    return Error(Internal("Query and Execute run one statement; use ExecuteScript for several"));
  }
  statements_.emplace(std::string(sql), stmt);
  return stmt;
}

Status SqliteConnection::Bind(sqlite3_stmt* stmt, std::span<const Value> params) {
  int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size())) {
    return Internal("statement has " + std::to_string(expected) + " placeholders but " +
                    std::to_string(params.size()) + " values were given");
  }
  for (int i = 0; i < expected; ++i) {
    const Value& value = params[i];
    int rc = SQLITE_OK;
    if (const auto* n = std::get_if<int64_t>(&value)) {
      rc = sqlite3_bind_int64(stmt, i + 1, *n);
    } else if (const auto* d = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(stmt, i + 1, *d);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      // The values outlive the statement's execution, so SQLite need not copy them.
      rc = sqlite3_bind_text64(stmt, i + 1, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else if (const auto* b = std::get_if<Blob>(&value)) {
      // A null pointer would bind NULL, so an empty blob is bound as a zero-length blob.
      rc = b->bytes.empty()
               ? sqlite3_bind_zeroblob(stmt, i + 1, 0)
               : sqlite3_bind_blob64(stmt, i + 1, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
    } else {
      rc = sqlite3_bind_null(stmt, i + 1);
    }
    if (rc != SQLITE_OK) {
      return SqliteStatus(rc, db_, "bind parameter " + std::to_string(i + 1));
    }
  }
  return Status::Ok();
}

namespace {

Value ReadCell(sqlite3_stmt* stmt, int col) {
  switch (sqlite3_column_type(stmt, col)) {
    case SQLITE_INTEGER:
      return static_cast<int64_t>(sqlite3_column_int64(stmt, col));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, col);
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
      return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, col)));
    }
    case SQLITE_BLOB: {
      const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt, col));
      size_t size = static_cast<size_t>(sqlite3_column_bytes(stmt, col));
      return Blob{bytes == nullptr ? std::string() : std::string(bytes, size)};
    }
    default:
      return std::monostate();
  }
}

// Resets a statement and drops its bindings when it goes out of scope.
struct StatementReset {
  sqlite3_stmt* stmt;
  ~StatementReset() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

}  // namespace

Status SqliteConnection::Run(std::string_view sql, std::span<const Value> params, Rows* out) {
  if (aborted_) {
    return FailedPrecondition("the transaction was aborted by an earlier failed statement");
  }
  Status status = [&]() -> Status {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
    StatementReset reset{stmt};
    RETURN_IF_ERROR(Bind(stmt, params));
    int columns = sqlite3_column_count(stmt);
    if (out != nullptr) {
      out->columns.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        out->columns.emplace_back(sqlite3_column_name(stmt, c));
      }
    }
    while (true) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) {
        return Status::Ok();
      }
      if (rc != SQLITE_ROW) {
        return SqliteStatus(rc, db_, "statement failed");
      }
      if (out != nullptr) {
        std::vector<Value> cells;
        cells.reserve(columns);
        for (int c = 0; c < columns; ++c) {
          cells.push_back(ReadCell(stmt, c));
        }
        out->rows.emplace_back(std::move(cells));
      }
    }
  }();
  if (!status.ok() && in_transaction_) {
    aborted_ = true;
  }
  return status;
}

Result<Rows> SqliteConnection::Query(std::string_view sql, std::span<const Value> params) {
  Rows rows;
  RETURN_IF_ERROR(Run(sql, params, &rows));
  return rows;
}

Result<int64_t> SqliteConnection::Execute(std::string_view sql, std::span<const Value> params) {
  RETURN_IF_ERROR(Run(sql, params, nullptr));
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

Status SqliteConnection::ExecuteScript(std::string_view sql) {
  if (aborted_) {
    return FailedPrecondition("the transaction was aborted by an earlier failed statement");
  }
  std::string text(sql);  // sqlite3_exec wants a terminating NUL
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);
  if (rc != SQLITE_OK) {
    if (in_transaction_) {
      aborted_ = true;
    }
    return SqliteStatus(rc, db_, "script failed");
  }
  return Status::Ok();
}

Status SqliteConnection::RunInSavepoint(const std::function<Status(Connection&)>& work) {
  if (!in_transaction_) {
    // A SAVEPOINT outside BEGIN would open a transaction that nothing commits.
    return FailedPrecondition("RunInSavepoint needs a transaction");
  }
  if (aborted_) {
    return FailedPrecondition("the transaction was aborted by an earlier failed statement");
  }
  // One name serves nested savepoints: ROLLBACK TO and RELEASE address the most recent one.
  if (Status begun = Simple("SAVEPOINT plenary_savepoint"); !begun.ok()) {
    aborted_ = true;
    return begun;
  }
  Status status = work(*this);
  if (status.ok() && aborted_) {
    status = FailedPrecondition("a statement failed inside the savepoint; it was rolled back");
  }
  if (status.ok()) {
    status = Simple("RELEASE SAVEPOINT plenary_savepoint");
    if (status.ok()) {
      return status;
    }
  }
  // Some errors (SQLITE_FULL, I/O errors) make SQLite roll back the whole transaction, savepoints
  // included: autocommit is then back on, and later statements must not run outside it.
  const bool undone = sqlite3_get_autocommit(db_) == 0 &&
                      Simple("ROLLBACK TO SAVEPOINT plenary_savepoint").ok() &&
                      Simple("RELEASE SAVEPOINT plenary_savepoint").ok();
  aborted_ = !undone;
  return status;
}

void SqliteConnection::Rollback() {
  // SQLite may already have rolled back by itself (I/O errors, SQLITE_FULL, busy).
  if (sqlite3_get_autocommit(db_) == 0) {
    (void)Simple("ROLLBACK");
  }
}

Status SqliteConnection::RunTransaction(std::string_view begin,
                                        const std::function<Status(Connection&)>& work) {
  RETURN_IF_ERROR(Simple(std::string(begin).c_str()));
  in_transaction_ = true;
  aborted_ = false;
  Status status = work(*this);
  bool aborted = aborted_;
  in_transaction_ = false;
  aborted_ = false;
  if (status.ok() && aborted) {
    status = FailedPrecondition("a statement failed inside the transaction; it was rolled back");
  }
  if (!status.ok()) {
    Rollback();
    return status;
  }
  status = Simple("COMMIT");
  if (!status.ok()) {
    // A failed COMMIT (a deferred foreign key, a busy database) leaves the transaction open.
    Rollback();
  }
  return status;
}

}  // namespace plenary::storage
