#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace plenary::storage {

// Raw bytes, bound as BLOB (SQLite) or BYTEA (PostgreSQL).
struct Blob {
  std::string bytes;
  friend bool operator==(const Blob&, const Blob&) = default;
};

// A bound parameter or a result cell. Booleans are stored as 0/1 integers, timestamps as
// ISO 8601 text (core/clock.h), so both backends agree.
using Value = std::variant<std::monostate, int64_t, double, std::string, Blob>;

enum class Backend { kSqlite, kPostgres };

// One row of a result. Accessors never throw: a NULL or a type mismatch gives the fallback.
class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t col) const;
  int64_t Int(size_t col, int64_t fallback = 0) const;  // also reads numeric text
  double Real(size_t col, double fallback = 0) const;
  std::string Text(size_t col) const;  // "" for NULL; numbers formatted
  std::optional<std::string> OptionalText(size_t col) const;
  std::optional<int64_t> OptionalInt(size_t col) const;
  const Value& at(size_t col) const { return cells_.at(col); }

 private:
  std::vector<Value> cells_;
};

struct Rows {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  bool empty() const { return rows.empty(); }
  // Column `column` of every row as integers (Row::Int), in row order: a query's ids.
  std::vector<int64_t> Ints(size_t column = 0) const;
};

// A connection inside a transaction or a read. SQL uses `?` placeholders; every value is bound.
// Not thread-safe: one Connection is used by one thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Backend backend() const = 0;
  // Runs a statement that returns rows (SELECT, or INSERT ... RETURNING).
  virtual Result<Rows> Query(std::string_view sql, std::span<const Value> params = {}) = 0;
  // Runs a statement; returns the number of rows changed.
  virtual Result<int64_t> Execute(std::string_view sql, std::span<const Value> params = {}) = 0;
  // Runs several `;`-separated statements with no parameters (migrations only).
  virtual Status ExecuteScript(std::string_view sql) = 0;

  // Runs `work` inside a SAVEPOINT of the current transaction, so that it can fail alone.
  // When `work` succeeds the savepoint is released and its changes join the transaction. When it
  // fails (returns an error, or one of its statements failed) everything it did is rolled back,
  // the transaction is usable again, and its error is returned (kFailedPrecondition if `work`
  // returned ok after a failed statement). Nests; works in Transaction and Read. Once the
  // transaction is aborted: kFailedPrecondition, without running `work`. If the rollback fails
  // (a lost connection; SQLite ending the whole transaction after an I/O error or a full disk)
  // the transaction stays aborted and will not commit.
  // The default issues SAVEPOINT / RELEASE / ROLLBACK TO through ExecuteScript, and so cannot
  // recover a connection that refuses statements after a failed one: such a transaction stays
  // aborted (safe, never a partial commit). Both backends override it; wrappers should forward.
  virtual Status RunInSavepoint(const std::function<Status(Connection&)>& work);

  // Convenience: the first row, or kNotFound naming `what`.
  Result<Row> QueryOne(std::string_view sql, std::span<const Value> params, std::string_view what);
};

// A pool of connections to one database. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;
  virtual Backend backend() const = 0;

  // Runs `work` inside BEGIN ... COMMIT on one pooled connection; rolls back when `work`
  // returns a non-ok Status (or a commit fails) and returns that Status.
  // Both backends run write transactions one at a time, and both treat a failed statement as
  // aborting the transaction (PostgreSQL's rule): later statements fail with
  // kFailedPrecondition and the transaction rolls back even if `work` returns ok. Use
  // ON CONFLICT for expected collisions. Not re-entrant: do not call Transaction/Read inside.
  virtual Status Transaction(const std::function<Status(Connection&)>& work) = 0;
  // As Transaction, atomic as well, but the commit is not synced to disk before it returns
  // (SQLite: synchronous=NORMAL for this commit, PostgreSQL: synchronous_commit off): a crash or
  // power loss may undo the last such transactions, never a durable one committed after them,
  // nor half of one. For data derived from durable data and rebuilt from it (search terms,
  // campaign clusters), whose commits otherwise wait for a sync that protects nothing: the
  // index backlog's sync held SQLite's one writer, and every submission behind it. The default
  // is durable.
  virtual Status EventualTransaction(const std::function<Status(Connection&)>& work) {
    return Transaction(work);
  }
  // For the tables of derived data kept apart from the main data (campaign detection's, see
  // migrations/0017_campaigns_derived_file.derived.sql): as atomic as Transaction, not synced at
  // its commit (as EventualTransaction), and on SQLite it does not hold the main writer: it runs
  // on a connection to a second file, `<db path>-derived`, with its own lock, so that intake
  // commits while derived data is written. `work` sees only the derived tables there (the main
  // writer does not see them); Read sees both. A crash may undo the last derived
  // transactions, so a derived table keeps its progress (a watermark) in the same file and is
  // rebuilt from the main data above it. PostgreSQL: one database holds everything; as
  // EventualTransaction. A private in-memory SQLite database: as Transaction.
  virtual Status DerivedTransaction(const std::function<Status(Connection&)>& work) = 0;
  // Runs `work` on a pooled connection without a write transaction (a consistent read).
  // The connection is read-only: a write fails (kInternal). On SQLite the derived file is
  // attached (as `derived`): unqualified names of derived tables resolve there, and a query
  // may join them with the main tables (each file is read at its own snapshot, taken when the
  // read first touches it).
  virtual Status Read(const std::function<Status(Connection&)>& work) = 0;
};

// Opens "sqlite:PATH" (":memory:" allowed; the file and its folder are created, WAL mode,
// synchronous=FULL on the writer so that a commit that returned survives a power loss, foreign
// keys on, busy timeout) or a PostgreSQL connection string
// ("postgresql://..." or "host=... dbname=..."). kInvalidArgument names a malformed URL,
// kUnavailable a server that cannot be reached.
Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url);
// The file a sqlite: URL names ("sqlite:///abs/x.db" -> "/abs/x.db"); nullopt for other URLs.
std::optional<std::string> SqliteFilePath(std::string_view url);

}  // namespace plenary::storage
