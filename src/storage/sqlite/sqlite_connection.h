#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

#include "core/result.h"
#include "storage/database.h"

namespace plenary::storage {

// Turns an SQLite result code into a Status (extended codes: constraint kinds are told apart).
Status SqliteStatus(int rc, sqlite3* db, std::string_view context);

enum class CheckpointMode {
  kPassive,  // copies what no reader needs, waits for nobody
  kRestart,  // waits for the writer and readers, copies everything; the log starts again
};

struct CheckpointResult {
  int log_pages = 0;     // in the write-ahead log
  int copied_pages = 0;  // of which now in the database file
};

// One sqlite3 handle with a cache of prepared statements. Used by one thread at a time.
class SqliteConnection final : public Connection {
 public:
  // Opens `path` with the project's pragmas; `read_only` connections refuse writes.
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, bool read_only);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Backend backend() const override { return Backend::kSqlite; }
  Result<Rows> Query(std::string_view sql, std::span<const Value> params = {}) override;
  Result<int64_t> Execute(std::string_view sql, std::span<const Value> params = {}) override;
  Status ExecuteScript(std::string_view sql) override;
  // Rolling back to the savepoint clears the aborted state, unless SQLite has ended the whole
  // transaction by itself (I/O error, full disk), which then stays aborted.
  Status RunInSavepoint(const std::function<Status(Connection&)>& work) override;

  // Runs `work` between `begin` and COMMIT; rolls back on any failure. After a statement has
  // failed the transaction is aborted (as on PostgreSQL): later statements fail too.
  Status RunTransaction(std::string_view begin, const std::function<Status(Connection&)>& work);

  // Calls `committed(log_pages)` after each commit with the write-ahead log's size in pages, in
  // place of SQLite's checkpoint at commit: the caller runs checkpoints (see Checkpointer). An
  // empty function gives SQLite its own checkpoints back.
  void OnCommit(std::function<void(int)> committed);
  // Copies the write-ahead log into the database file (sqlite3_wal_checkpoint_v2).
  Result<CheckpointResult> Checkpoint(CheckpointMode mode);

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  // A prepared statement from the cache, or a new one added to it.
  Result<sqlite3_stmt*> Prepare(std::string_view sql);
  Status Bind(sqlite3_stmt* stmt, std::span<const Value> params);
  // Runs the statement to completion; collects rows into `out` when it is not null.
  Status Run(std::string_view sql, std::span<const Value> params, Rows* out);
  Status Simple(const char* sql);
  void Rollback();

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> statements_;
  std::function<void(int)> committed_;
  bool in_transaction_ = false;
  bool aborted_ = false;
};

}  // namespace plenary::storage
