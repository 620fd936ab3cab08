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
    "SELECT id, email, name, password_hash, publish_name, site_admin FROM users WHERE email = ?";
constexpr std::string_view kUserById =
    "SELECT id, email, name, password_hash, publish_name, site_admin FROM users WHERE id = ?";
constexpr std::string_view kInsertRole =
    "INSERT INTO process_roles (user_id, process_id, role, member_id, capacity, organisation, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (user_id, process_id, role) DO NOTHING";
constexpr std::string_view kUpdateSiteAdmin = "UPDATE users SET site_admin = ? WHERE id = ?";
constexpr std::string_view kUpdatePassword = "UPDATE users SET password_hash = ? WHERE id = ?";
constexpr std::string_view kDeleteSessionsExcept =
    "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?";
constexpr std::string_view kInsertToken =
    "INSERT INTO api_tokens (token_hash, user_id, process_id, scope, label, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kTokenColumns =
    "SELECT id, user_id, process_id, scope, label, created_at, revoked_at IS NOT NULL "
    "FROM api_tokens ";
constexpr std::string_view kRevokeToken =
    "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL";
constexpr std::string_view kInsertReset =
    "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) "
    "VALUES (?, ?, ?, ?)";
constexpr std::string_view kCountLiveResets =
    "SELECT COUNT(*) FROM password_resets WHERE user_id = ? AND expires_at > ?";
constexpr std::string_view kUseReset =
    "UPDATE password_resets SET used_at = ? "
    "WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id";
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

constexpr std::string_view kRolesExport =
    "SELECT process_id, role, member_id, capacity, organisation, created_at FROM process_roles "
    "WHERE user_id = ? ORDER BY process_id, role";
constexpr std::string_view kUserCreatedAt = "SELECT created_at FROM users WHERE id = ?";
constexpr std::string_view kCountSessions = "SELECT COUNT(*) FROM sessions WHERE user_id = ?";
constexpr std::string_view kCountResets = "SELECT COUNT(*) FROM password_resets WHERE user_id = ?";
constexpr std::string_view kPseudonymise =
    "UPDATE users SET name = ?, email = ?, password_hash = '!', publish_name = 0 WHERE id = ?";
constexpr std::string_view kDeleteTokensOf = "DELETE FROM api_tokens WHERE user_id = ?";
constexpr std::string_view kDeleteResetsOf = "DELETE FROM password_resets WHERE user_id = ?";

Result<std::optional<UserRow>> FindUser(Connection& db, std::string_view sql, Value key) {
  ASSIGN_OR_RETURN(auto rows, db.Query(sql, std::span(&key, 1)));
  if (rows.empty()) {
    return std::optional<UserRow>();
  }
  const Row& r = rows.rows.front();
  return std::optional<UserRow>(
      UserRow{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4) != 0, r.Int(5) != 0});
}

Status Run(Connection& db, std::string_view sql, std::span<const Value> params) {
  return detail::ToStatus(db.Execute(sql, params));
}

Value OptionalId(std::optional<int64_t> id) {
  return id ? Value(*id) : Value();
}

TokenRow ToToken(const Row& r) {
  return {r.Int(0), r.Int(1), r.Int(2), r.Text(3), r.Text(4), r.Text(5), r.Int(6) != 0};
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

Result<bool> InsertRole(Connection& db, int64_t user_id, int64_t process_id, const RoleGrant& grant,
                        std::string_view now) {
  Value params[] = {
      user_id,        process_id,         grant.role,      OptionalId(grant.member_id),
      grant.capacity, grant.organisation, std::string(now)};
  ASSIGN_OR_RETURN(int64_t changed, db.Execute(kInsertRole, params));
  return changed > 0;
}

Result<bool> UpdateSiteAdmin(Connection& db, int64_t user_id, bool admin) {
  Value params[] = {int64_t{admin}, user_id};
  ASSIGN_OR_RETURN(int64_t changed, db.Execute(kUpdateSiteAdmin, params));
  return changed > 0;
}

Result<bool> UpdatePasswordHash(Connection& db, int64_t user_id, std::string_view hash) {
  Value params[] = {std::string(hash), user_id};
  ASSIGN_OR_RETURN(int64_t changed, db.Execute(kUpdatePassword, params));
  return changed > 0;
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

Status DeleteSessionsExcept(Connection& db, int64_t user_id, std::string_view keep_hash) {
  Value params[] = {user_id, std::string(keep_hash)};
  return Run(db, kDeleteSessionsExcept, params);
}

Result<int64_t> InsertToken(Connection& db, std::string_view token_hash, const TokenRow& t) {
  Value params[] = {
      std::string(token_hash), t.user_id, t.process_id, t.scope, t.label, t.created_at};
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kInsertToken, params, "new token"));
  return row.Int(0);
}

Result<std::optional<TokenRow>> FindLiveToken(Connection& db, std::string_view token_hash) {
  Value param = std::string(token_hash);
  ASSIGN_OR_RETURN(auto rows, db.Query(std::string(kTokenColumns) +
                                           "WHERE token_hash = ? AND revoked_at IS NULL",
                                       std::span(&param, 1)));
  if (rows.empty()) {
    return std::optional<TokenRow>();
  }
  return std::optional<TokenRow>(ToToken(rows.rows.front()));
}

Result<std::vector<TokenRow>> TokensOf(Connection& db, int64_t user_id) {
  Value param = user_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(std::string(kTokenColumns) + "WHERE user_id = ? ORDER BY id",
                                       std::span(&param, 1)));
  std::vector<TokenRow> out;
  for (const Row& r : rows.rows) {
    out.push_back(ToToken(r));
  }
  return out;
}

Result<bool> RevokeToken(Connection& db, int64_t user_id, int64_t token_id, std::string_view now) {
  Value params[] = {std::string(now), token_id, user_id};
  ASSIGN_OR_RETURN(int64_t changed, db.Execute(kRevokeToken, params));
  return changed > 0;
}

Status InsertReset(Connection& db, std::string_view token_hash, int64_t user_id,
                   std::string_view now, int64_t expires_ms) {
  Value params[] = {std::string(token_hash), user_id, std::string(now), expires_ms};
  return Run(db, kInsertReset, params);
}

Result<int64_t> CountLiveResets(Connection& db, int64_t user_id, int64_t now_ms) {
  Value params[] = {user_id, now_ms};
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kCountLiveResets, params, "reset count"));
  return row.Int(0);
}

Result<std::optional<int64_t>> UseReset(Connection& db, std::string_view token_hash, int64_t now_ms,
                                        std::string_view now) {
  Value params[] = {std::string(now), std::string(token_hash), now_ms};
  ASSIGN_OR_RETURN(auto rows, db.Query(kUseReset, params));
  if (rows.empty()) {
    return std::optional<int64_t>();
  }
  return std::optional<int64_t>(rows.rows.front().Int(0));
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

Result<std::vector<RoleRow>> RolesOf(Connection& db, int64_t user_id) {
  Value param = user_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(kRolesExport, std::span(&param, 1)));
  std::vector<RoleRow> out;
  for (const Row& r : rows.rows) {
    std::optional<int64_t> member;
    if (!r.IsNull(2)) {
      member = r.Int(2);
    }
    out.push_back({r.Int(0), r.Text(1), member, r.Text(3), r.Text(4), r.Text(5)});
  }
  return out;
}

Result<std::string> UserCreatedAt(Connection& db, int64_t user_id) {
  Value param = user_id;
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kUserCreatedAt, std::span(&param, 1), "account"));
  return row.Text(0);
}

Result<int64_t> CountSessionsOf(Connection& db, int64_t user_id) {
  Value param = user_id;
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kCountSessions, std::span(&param, 1), "session count"));
  return row.Int(0);
}

Result<int64_t> CountResetsOf(Connection& db, int64_t user_id) {
  Value param = user_id;
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kCountResets, std::span(&param, 1), "reset count"));
  return row.Int(0);
}

Status PseudonymiseUser(Connection& db, int64_t user_id, std::string_view name,
                        std::string_view email) {
  Value params[] = {std::string(name), std::string(email), user_id};
  return Run(db, kPseudonymise, params);
}

Result<int64_t> DeleteTokensOf(Connection& db, int64_t user_id) {
  Value param = user_id;
  return db.Execute(kDeleteTokensOf, std::span(&param, 1));
}

Result<int64_t> DeleteResetsOf(Connection& db, int64_t user_id) {
  Value param = user_id;
  return db.Execute(kDeleteResetsOf, std::span(&param, 1));
}

}  // namespace plenary::auth::store
