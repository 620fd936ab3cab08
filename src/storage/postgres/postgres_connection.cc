#include "storage/postgres/postgres_connection.h"

#include <charconv>
#include <cmath>
#include <utility>

#include <libpq-fe.h>

#include "storage/sql_text.h"

namespace plenary::storage {
namespace {

// Type OIDs from pg_type.h (stable across PostgreSQL versions).
constexpr pqxx::oid kBoolOid = 16;
constexpr pqxx::oid kByteaOid = 17;
constexpr pqxx::oid kInt8Oid = 20;
constexpr pqxx::oid kInt2Oid = 21;
constexpr pqxx::oid kInt4Oid = 23;
constexpr pqxx::oid kOidOid = 26;
constexpr pqxx::oid kFloat4Oid = 700;
constexpr pqxx::oid kFloat8Oid = 701;
constexpr pqxx::oid kNumericOid = 1700;

// Statements are named constants, so this only bounds code that builds SQL dynamically.
constexpr size_t kMaxPrepared = 512;

Status FromSqlState(const std::string& state, std::string message) {
  if (state == "23505") {
    return Conflict(std::move(message));
  }
  if (state == "23503") {
    return FailedPrecondition(std::move(message));
  }
  if (state.starts_with("23") || state.starts_with("22")) {
    return InvalidArgument(std::move(message));  // not null, check, bad data
  }
  if (state == "40001" || state == "40P01" || state.starts_with("08") || state.starts_with("57P") ||
      state == "55P03") {
    return Unavailable(std::move(message));  // serialization, deadlock, connection, shutdown
  }
  if (state.starts_with("53")) {
    return ResourceExhausted(std::move(message));
  }
  return Internal(std::move(message));
}

std::string FormatDouble(double d) {
  if (std::isnan(d)) {
    return "NaN";
  }
  if (std::isinf(d)) {
    return d > 0 ? "Infinity" : "-Infinity";
  }
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
  return std::string(buffer, end);
}

pqxx::internal::params BindParams(std::span<const Value> values) {
  pqxx::internal::params p;
  for (const Value& value : values) {
    if (std::holds_alternative<std::monostate>(value)) {
      p.lengths.push_back(0);
      p.nonnulls.push_back(0);
      p.binaries.push_back(0);
      continue;
    }
    if (const auto* b = std::get_if<Blob>(&value)) {
      p.lengths.push_back(static_cast<int>(b->bytes.size()));
      p.nonnulls.push_back(1);
      p.binaries.push_back(1);
      p.bin_strings.emplace_back(b->bytes.data(), b->bytes.size());
      continue;
    }
    std::string text;
    if (const auto* i = std::get_if<int64_t>(&value)) {
      text = std::to_string(*i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      text = FormatDouble(*d);
    } else {
      text = std::get<std::string>(value);
    }
    p.lengths.push_back(static_cast<int>(text.size()));
    p.nonnulls.push_back(1);
    p.binaries.push_back(0);
    p.strings.push_back(std::move(text));
  }
  return p;
}

template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

Value ReadCell(const pqxx::field& field, pqxx::oid type) {
  if (field.is_null()) {
    return std::monostate();
  }
  std::string_view text(field.c_str(), field.size());
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid:
      if (auto i = ParseNumber<int64_t>(text)) {
        return *i;
      }
      break;
    case kNumericOid:
      // Whole numbers (sum() of BIGINT, counts cast to numeric) stay integers, as on SQLite.
      if (auto i = ParseNumber<int64_t>(text)) {
        return *i;
      }
      [[fallthrough]];
    case kFloat4Oid:
    case kFloat8Oid:
      if (auto d = ParseNumber<double>(text)) {
        return *d;
      }
      if (text == "NaN") {
        return std::nan("");
      }
      if (text == "Infinity" || text == "-Infinity") {
        return text[0] == '-' ? -HUGE_VAL : HUGE_VAL;
      }
      break;
    case kBoolOid:
      return static_cast<int64_t>(text == "t" ? 1 : 0);
    case kByteaOid:
      return Blob{pqxx::binarystring(field).str()};
    default:
      break;
  }
  return std::string(text);
}

}  // namespace

Status CurrentPostgresError(std::string_view context) {
  std::string prefix(context);
  prefix += ": ";
  try {
    throw;
  } catch (const pqxx::broken_connection& e) {
    return Unavailable(prefix + e.what());
  } catch (const pqxx::in_doubt_error& e) {
    return Unavailable(prefix + e.what());
  } catch (const pqxx::sql_error& e) {
    std::string message = e.what();
    while (!message.empty() && message.back() == '\n') {
      message.pop_back();
    }
    return FromSqlState(e.sqlstate(), prefix + message);
  } catch (const std::exception& e) {
    return Internal(prefix + e.what());
  } catch (...) {
    return Internal(prefix + "unknown error");
  }
}

Result<std::string> NormalizePostgresUrl(std::string_view url) {
  std::string conninfo(url);
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? error : "cannot parse";
    PQfreemem(error);
    while (!message.empty() && message.back() == '\n') {
      message.pop_back();
    }
    return Error(InvalidArgument("malformed PostgreSQL connection string: " + message));
  }
  bool has_timeout = false;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (std::string_view(o->keyword) == "connect_timeout" && o->val != nullptr) {
      has_timeout = true;
    }
  }
  PQconninfoFree(options);
  if (!has_timeout) {
    if (conninfo.find("://") != std::string::npos) {
      conninfo += conninfo.find('?') == std::string::npos ? "?" : "&";
      conninfo += "connect_timeout=5";
    } else {
      conninfo += " connect_timeout=5";
    }
  }
  return conninfo;
}

PostgresConnection::PostgresConnection(const std::string& conninfo)
    : connection_(conninfo), quiet_(connection_) {}

Result<std::unique_ptr<PostgresConnection>> PostgresConnection::Open(const std::string& conninfo) {
  try {
    return std::unique_ptr<PostgresConnection>(new PostgresConnection(conninfo));
  } catch (...) {
    return Error(CurrentPostgresError("cannot connect to PostgreSQL"));
  }
}

Result<pqxx::result> PostgresConnection::Run(std::string_view sql, std::span<const Value> params) {
  if (session_ == nullptr) {
    return Error(Internal("a PostgreSQL connection is used outside Transaction or Read"));
  }
  if (aborted_) {
    return Error(FailedPrecondition("the transaction was aborted by an earlier failed statement"));
  }
  const Prepared* prepared = nullptr;
  Prepared unnamed;  // past kMaxPrepared distinct statements, run unprepared
  try {
    prepared = prepared_.size() < kMaxPrepared || prepared_.contains(std::string(sql))
                   ? &Prepare(sql)
                   : nullptr;
  } catch (...) {
    aborted_ = true;
    return Error(CurrentPostgresError("prepare failed"));
  }
  if (prepared == nullptr) {
    unnamed.name = RewritePlaceholders(sql, &unnamed.placeholders);
  }
  const int placeholders = prepared != nullptr ? prepared->placeholders : unnamed.placeholders;
  if (placeholders != static_cast<int>(params.size())) {
    aborted_ = true;
    return Error(Internal("statement has " + std::to_string(placeholders) + " placeholders but " +
                          std::to_string(params.size()) + " values were given"));
  }
  // A const lvalue, so that pqxx copies it instead of taking it for one parameter.
  const pqxx::internal::params bound = BindParams(params);
  try {
    if (prepared == nullptr) {
      return session_->exec_params(unnamed.name, bound);
    }
    return session_->exec_prepared(prepared->name, bound);
  } catch (const pqxx::broken_connection&) {
    broken_ = true;
    aborted_ = true;
    return Error(CurrentPostgresError("statement failed"));
  } catch (...) {
    aborted_ = true;
    return Error(CurrentPostgresError("statement failed"));
  }
}

const PostgresConnection::Prepared& PostgresConnection::Prepare(std::string_view sql) {
  auto it = prepared_.find(std::string(sql));
  if (it != prepared_.end()) {
    return it->second;
  }
  Prepared prepared;
  prepared.name = 'p';  // (not "p" + ...: GCC 12 warns falsely with -Wrestrict)
  prepared.name += std::to_string(prepared_.size() + 1);
  std::string statement = RewritePlaceholders(sql, &prepared.placeholders);
  // pqxx prepares on the server at first use; a bad statement fails there, inside the
  // transaction, and is retried on the next use.
  connection_.prepare(prepared.name, statement);
  return prepared_.emplace(std::string(sql), std::move(prepared)).first->second;
}

Result<Rows> PostgresConnection::Query(std::string_view sql, std::span<const Value> params) {
  ASSIGN_OR_RETURN(pqxx::result result, Run(sql, params));
  Rows rows;
  const auto columns = result.columns();
  std::vector<pqxx::oid> types(columns);
  rows.columns.reserve(columns);
  for (pqxx::row::size_type c = 0; c < columns; ++c) {
    rows.columns.emplace_back(result.column_name(c));
    types[c] = result.column_type(c);
  }
  rows.rows.reserve(result.size());
  for (const pqxx::row& row : result) {
    std::vector<Value> cells;
    cells.reserve(columns);
    for (pqxx::row::size_type c = 0; c < columns; ++c) {
      cells.push_back(ReadCell(row[c], types[c]));
    }
    rows.rows.emplace_back(std::move(cells));
  }
  return rows;
}

Result<int64_t> PostgresConnection::Execute(std::string_view sql, std::span<const Value> params) {
  ASSIGN_OR_RETURN(pqxx::result result, Run(sql, params));
  return static_cast<int64_t>(result.affected_rows());
}

Status PostgresConnection::ExecuteScript(std::string_view sql) {
  if (session_ == nullptr) {
    return Internal("a PostgreSQL connection is used outside Transaction or Read");
  }
  if (aborted_) {
    return FailedPrecondition("the transaction was aborted by an earlier failed statement");
  }
  Status status = Simple(std::string(sql));
  if (!status.ok()) {
    aborted_ = true;
  }
  return status;
}

Status PostgresConnection::RunInSavepoint(const std::function<Status(Connection&)>& work) {
  if (session_ == nullptr) {
    return Internal("a PostgreSQL connection is used outside Transaction or Read");
  }
  if (aborted_) {
    return FailedPrecondition("the transaction was aborted by an earlier failed statement");
  }
  // One name serves nested savepoints: PostgreSQL addresses the most recent one of a name.
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
  // Statements prepared meanwhile survive the rollback: prepared statements belong to the
  // session, not to the transaction.
  aborted_ =
      broken_ ||
      !Simple("ROLLBACK TO SAVEPOINT plenary_savepoint; RELEASE SAVEPOINT plenary_savepoint").ok();
  return status;
}

Status PostgresConnection::Simple(const std::string& sql) {
  try {
    session_->exec(sql);
    return Status::Ok();
  } catch (const pqxx::broken_connection&) {
    broken_ = true;
    return CurrentPostgresError("script failed");
  } catch (...) {
    return CurrentPostgresError("script failed");
  }
}

Status PostgresConnection::RunAutocommit(std::string_view sql) {
  try {
    session_ = std::make_unique<pqxx::nontransaction>(connection_);
  } catch (...) {
    return CurrentPostgresError("cannot start a session");
  }
  Status status = Simple(std::string(sql));
  session_.reset();
  return status;
}

Status PostgresConnection::RunTransaction(std::string_view begin,
                                          const std::function<Status(Connection&)>& work) {
  try {
    session_ = std::make_unique<pqxx::nontransaction>(connection_);
  } catch (...) {
    broken_ = true;
    return CurrentPostgresError("cannot start a transaction");
  }
  aborted_ = false;
  Status status = Simple(std::string(begin));
  if (!status.ok()) {
    // The BEGIN batch may have opened the transaction before a later part failed.
    (void)Simple("ROLLBACK");
    session_.reset();
    return status;
  }
  status = work(*this);
  if (status.ok() && aborted_) {
    status = FailedPrecondition("a statement failed inside the transaction; it was rolled back");
  }
  if (status.ok()) {
    // A failed COMMIT (a deferred constraint) ends the transaction on the server.
    status = Simple("COMMIT");
  } else if (!broken_) {
    (void)Simple("ROLLBACK");
  }
  aborted_ = false;
  session_.reset();
  return status;
}

}  // namespace plenary::storage
