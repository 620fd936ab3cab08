#include "storage/database.h"

#include <charconv>
#include <cstdio>
#include <string>
#include <system_error>

#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace plenary::storage {

std::vector<int64_t> Rows::Ints(size_t column) const {
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    out.push_back(row.Int(column));
  }
  return out;
}
namespace {

// Parses the whole of `text` as an integer (surrounding ASCII blanks allowed).
std::optional<int64_t> ParseInt(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
  }
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> ParseReal(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

// Shortest text that reads back as the same double.
std::string FormatReal(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) {
    return std::to_string(value);
  }
  return std::string(buffer, end);
}

}  // namespace

bool Row::IsNull(size_t col) const {
  return col >= cells_.size() || std::holds_alternative<std::monostate>(cells_[col]);
}

int64_t Row::Int(size_t col, int64_t fallback) const {
  return OptionalInt(col).value_or(fallback);
}

std::optional<int64_t> Row::OptionalInt(size_t col) const {
  if (col >= cells_.size()) {
    return std::nullopt;
  }
  const Value& cell = cells_[col];
  if (const auto* i = std::get_if<int64_t>(&cell)) {
    return *i;
  }
  if (const auto* d = std::get_if<double>(&cell)) {
    // Whole numbers stored as REAL (or NUMERIC on PostgreSQL) read back as integers.
    if (*d >= -9.2233720368547758e18 && *d < 9.2233720368547758e18) {
      return static_cast<int64_t>(*d);
    }
    return std::nullopt;
  }
  if (const auto* s = std::get_if<std::string>(&cell)) {
    return ParseInt(*s);
  }
  return std::nullopt;
}

double Row::Real(size_t col, double fallback) const {
  if (col >= cells_.size()) {
    return fallback;
  }
  const Value& cell = cells_[col];
  if (const auto* d = std::get_if<double>(&cell)) {
    return *d;
  }
  if (const auto* i = std::get_if<int64_t>(&cell)) {
    return static_cast<double>(*i);
  }
  if (const auto* s = std::get_if<std::string>(&cell)) {
    return ParseReal(*s).value_or(fallback);
  }
  return fallback;
}

std::string Row::Text(size_t col) const {
  return OptionalText(col).value_or(std::string());
}

std::optional<std::string> Row::OptionalText(size_t col) const {
  if (col >= cells_.size()) {
    return std::nullopt;
  }
  const Value& cell = cells_[col];
  if (const auto* s = std::get_if<std::string>(&cell)) {
    return *s;
  }
  if (const auto* i = std::get_if<int64_t>(&cell)) {
    return std::to_string(*i);
  }
  if (const auto* d = std::get_if<double>(&cell)) {
    return FormatReal(*d);
  }
  if (const auto* b = std::get_if<Blob>(&cell)) {
    return b->bytes;
  }
  return std::nullopt;
}

Result<Row> Connection::QueryOne(std::string_view sql, std::span<const Value> params,
                                 std::string_view what) {
  ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.rows.empty()) {
    return Error(NotFound(std::string(what) + " not found"));
  }
  return std::move(rows.rows.front());
}

Status Connection::RunInSavepoint(const std::function<Status(Connection&)>& work) {
  // One name serves nested savepoints too: both engines address the most recent of that name.
  RETURN_IF_ERROR(ExecuteScript("SAVEPOINT plenary_savepoint"));
  Status status = work(*this);
  if (status.ok()) {
    status = ExecuteScript("RELEASE SAVEPOINT plenary_savepoint");
    if (status.ok()) {
      return status;
    }
  }
  // Refused by a connection whose transaction is aborted: it then stays aborted, and no part of
  // it commits.
  (void)ExecuteScript(
      "ROLLBACK TO SAVEPOINT plenary_savepoint; RELEASE SAVEPOINT plenary_savepoint");
  return status;
}

std::optional<std::string> SqliteFilePath(std::string_view url) {
  if (!url.starts_with("sqlite:")) {
    return std::nullopt;
  }
  std::string_view path = url.substr(7);
  if (path.starts_with("//")) {
    path.remove_prefix(2);  // sqlite:///abs/path.db and sqlite://relative.db, URL style
  }
  return std::string(path);
}

Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url) {
  if (auto path = SqliteFilePath(url)) {
    return OpenSqliteDatabase(*path);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://") ||
      url.find('=') != std::string_view::npos) {
    return OpenPostgresDatabase(url);
  }
  // Only the scheme is echoed: a URL may carry a password.
  std::string_view scheme = url.substr(0, url.find(':'));
  return Error(InvalidArgument("database URL must start with sqlite: or postgresql:// (scheme \"" +
                               std::string(scheme.substr(0, 32)) + "\")"));
}

}  // namespace plenary::storage
