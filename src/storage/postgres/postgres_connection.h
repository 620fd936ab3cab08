#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <pqxx/pqxx>

#include "core/result.h"
#include "storage/database.h"

namespace plenary::storage {

// Turns the exception being handled (call only inside a catch block) into a Status.
Status CurrentPostgresError(std::string_view context);

// Checks `url` with libpq's parser and returns the connection string to use (with a default
// connect_timeout), or kInvalidArgument.
Result<std::string> NormalizePostgresUrl(std::string_view url);

// One server connection. Used by one thread at a time.
class PostgresConnection final : public Connection {
 public:
  static Result<std::unique_ptr<PostgresConnection>> Open(const std::string& conninfo);

  Backend backend() const override { return Backend::kPostgres; }
  Result<Rows> Query(std::string_view sql, std::span<const Value> params = {}) override;
  Result<int64_t> Execute(std::string_view sql, std::span<const Value> params = {}) override;
  Status ExecuteScript(std::string_view sql) override;
  // ROLLBACK TO SAVEPOINT ends the server's "transaction is aborted" state, and clears ours.
  Status RunInSavepoint(const std::function<Status(Connection&)>& work) override;

  // Runs `work` between `begin` (one or more statements) and COMMIT; rolls back on failure.
  // After a failed statement the transaction is aborted and later statements fail.
  Status RunTransaction(std::string_view begin, const std::function<Status(Connection&)>& work);

  // Runs `sql` on its own, outside any transaction (CREATE DATABASE and the like).
  Status RunAutocommit(std::string_view sql);

  // False once the server connection has been lost; the pool then drops it.
  bool healthy() const { return !broken_ && connection_.is_open(); }

 private:
  explicit PostgresConnection(const std::string& conninfo);
  Result<pqxx::result> Run(std::string_view sql, std::span<const Value> params);
  Status Simple(const std::string& sql);

  struct Prepared {
    std::string name;
    int placeholders = 0;
  };
  // Statements are prepared once per connection (named "p1", "p2", ...) and reused.
  const Prepared& Prepare(std::string_view sql);

  pqxx::connection connection_;
  std::unordered_map<std::string, Prepared> prepared_;
  pqxx::quiet_errorhandler quiet_;  // notices ("table exists, skipping") are not errors
  std::unique_ptr<pqxx::nontransaction> session_;  // set while RunTransaction runs
  bool aborted_ = false;
  bool broken_ = false;
};

}  // namespace plenary::storage
