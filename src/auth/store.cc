#include "auth/store.h"

#include <span>

namespace plenary::auth::store {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kInsertUser =
    "INSERT INTO users (email, name, password_hash, publish_name, created_at) "
    "VALUES (?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kUserByEmail =
    "SELECT id, email, name, password_hash FROM users WHERE email = ?";
constexpr std::string_view kUserById =
    "SELECT id, email, name, password_hash FROM users WHERE id = ?";
constexpr std::string_view kInsertRole =
    "INSERT INTO process_roles (user_id, process_id, role, created_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (user_id, process_id, role) DO NOTHING";
constexpr std::string_view kProcessExists = "SELECT COUNT(*) FROM processes WHERE id = ?";
constexpr std::string_view kRolesOf =
    "SELECT process_id, role FROM process_roles WHERE user_id = ? ORDER BY process_id, role";
constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kFindSession =
    "SELECT user_id, csrf_token FROM sessions WHERE token_hash = ? AND expires_at > ?";
constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE token_hash = ?";
constexpr std::string_view kDeleteSessionsOf = "DELETE FROM sessions WHERE user_id = ?";
constexpr std::string_view kInsertFailure =
    "INSERT INTO sign_in_failures (subject, at) VALUES (?, ?)";
constexpr std::string_view kCountFailures =
    "SELECT COUNT(*) FROM sign_in_failures WHERE subject = ? AND at > ?";
constexpr std::string_view kClearFailures = "DELETE FROM sign_in_failures WHERE subject = ?";

Result<std::optional<UserRow>> FindUser(Connection& db, std::string_view sql, Value key) {
  ASSIGN_OR_RETURN(auto rows, db.Query(sql, std::span(&key, 1)));
  if (rows.empty()) {
    return std::optional<UserRow>();
  }
  const Row& r = rows.rows.front();
  return std::optional<UserRow>(UserRow{r.Int(0), r.Text(1), r.Text(2), r.Text(3)});
}

Status Run(Connection& db, std::string_view sql, std::span<const Value> params) {
  return detail::ToStatus(db.Execute(sql, params));
}

}  // namespace

Result<int64_t> InsertUser(Connection& db, const NewUser& user, std::string_view hash,
                           std::string_view now) {
  Value params[] = {user.email, user.name, std::string(hash), int64_t{user.publish_name},
                    std::string(now)};
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kInsertUser, params, "new user"));
  return row.Int(0);
}

Result<std::optional<UserRow>> FindUserByEmail(Connection& db, std::string_view email) {
  return FindUser(db, kUserByEmail, std::string(email));
}

Result<std::optional<UserRow>> FindUserById(Connection& db, int64_t id) {
  return FindUser(db, kUserById, id);
}

Status InsertRole(Connection& db, int64_t user_id, int64_t process_id, std::string_view role,
                  std::string_view now) {
  Value params[] = {user_id, process_id, std::string(role), std::string(now)};
  return Run(db, kInsertRole, params);
}

Result<bool> ProcessExists(Connection& db, int64_t process_id) {
  Value param = process_id;
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kProcessExists, std::span(&param, 1), "process count"));
  return row.Int(0) > 0;
}

Status LoadRoles(Connection& db, Principal& principal) {
  Value param = principal.user_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(kRolesOf, std::span(&param, 1)));
  for (const Row& row : rows.rows) {
    principal.roles[row.Int(0)].push_back(row.Text(1));
  }
  return Status::Ok();
}

Status InsertSession(Connection& db, std::string_view token_hash, int64_t user_id,
                     std::string_view csrf, std::string_view now, int64_t expires_ms) {
  Value params[] = {std::string(token_hash), user_id, std::string(csrf), std::string(now),
                    expires_ms};
  return Run(db, kInsertSession, params);
}

Result<std::optional<std::pair<int64_t, std::string>>> FindSession(Connection& db,
                                                                   std::string_view token_hash,
                                                                   int64_t now_ms) {
  Value params[] = {std::string(token_hash), now_ms};
  ASSIGN_OR_RETURN(auto rows, db.Query(kFindSession, params));
  using Found = std::optional<std::pair<int64_t, std::string>>;
  if (rows.empty()) {
    return Found();
  }
  return Found(std::pair(rows.rows.front().Int(0), rows.rows.front().Text(1)));
}

Status DeleteSession(Connection& db, std::string_view token_hash) {
  Value param = std::string(token_hash);
  return Run(db, kDeleteSession, std::span(&param, 1));
}

Status DeleteSessionsOf(Connection& db, int64_t user_id) {
  Value param = user_id;
  return Run(db, kDeleteSessionsOf, std::span(&param, 1));
}

Status InsertFailure(Connection& db, std::string_view subject, int64_t at_ms) {
  Value params[] = {std::string(subject), at_ms};
  return Run(db, kInsertFailure, params);
}

Result<int64_t> CountFailuresSince(Connection& db, std::string_view subject, int64_t since_ms) {
  Value params[] = {std::string(subject), since_ms};
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kCountFailures, params, "failure count"));
  return row.Int(0);
}

Status ClearFailures(Connection& db, std::string_view subject) {
  Value param = std::string(subject);
  return Run(db, kClearFailures, std::span(&param, 1));
}

}  // namespace plenary::auth::store
