#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/accounts.h"
#include "storage/database.h"

// The auth module's only SQL.
namespace plenary::auth::store {

using storage::Connection;

struct UserRow {
  int64_t id = 0;
  std::string email;
  std::string name;
  std::string password_hash;
  bool publish_name = true;
  bool site_admin = false;
};

Result<int64_t> InsertUser(Connection& db, const NewUser& user, std::string_view hash,
                           std::string_view now);
Result<std::optional<UserRow>> FindUserByEmail(Connection& db, std::string_view email);
Result<std::optional<UserRow>> FindUserById(Connection& db, int64_t id);
// false when the account held the role already.
Result<bool> InsertRole(Connection& db, int64_t user_id, int64_t process_id, const RoleGrant& grant,
                        std::string_view now);
// false when there is no such account.
Result<bool> UpdateSiteAdmin(Connection& db, int64_t user_id, bool admin);
Result<bool> UpdatePasswordHash(Connection& db, int64_t user_id, std::string_view hash);
Result<bool> ProcessExists(Connection& db, int64_t process_id);
Status LoadRoles(Connection& db, Principal& principal);

Status InsertSession(Connection& db, std::string_view token_hash, int64_t user_id,
                     std::string_view csrf, std::string_view now, int64_t expires_ms);
// (user id, csrf token) of a live session.
Result<std::optional<std::pair<int64_t, std::string>>> FindSession(Connection& db,
                                                                   std::string_view token_hash,
                                                                   int64_t now_ms);
Status DeleteSession(Connection& db, std::string_view token_hash);
Status DeleteSessionsOf(Connection& db, int64_t user_id);
Status DeleteSessionsExcept(Connection& db, int64_t user_id, std::string_view keep_hash);

struct TokenRow {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t process_id = 0;
  std::string scope;
  std::string label;
  std::string created_at;
  bool revoked = false;
};
Result<int64_t> InsertToken(Connection& db, std::string_view token_hash, const TokenRow& token);
Result<std::optional<TokenRow>> FindLiveToken(Connection& db, std::string_view token_hash);
Result<std::vector<TokenRow>> TokensOf(Connection& db, int64_t user_id);
// false when the user has no such live token.
Result<bool> RevokeToken(Connection& db, int64_t user_id, int64_t token_id, std::string_view now);

Status InsertReset(Connection& db, std::string_view token_hash, int64_t user_id,
                   std::string_view now, int64_t expires_ms);
// Reset tokens of the user still valid at `now_ms` (so, made within the lifetime).
Result<int64_t> CountLiveResets(Connection& db, int64_t user_id, int64_t now_ms);
// The user of an unused, unexpired reset token, marking it used.
Result<std::optional<int64_t>> UseReset(Connection& db, std::string_view token_hash, int64_t now_ms,
                                        std::string_view now);

Status InsertFailure(Connection& db, std::string_view subject, int64_t at_ms);
Result<int64_t> CountFailuresSince(Connection& db, std::string_view subject, int64_t since_ms);
Status ClearFailures(Connection& db, std::string_view subject);

// Data-protection requests.
struct RoleRow {
  int64_t process_id = 0;
  std::string role;
  std::optional<int64_t> member_id;
  std::string capacity;
  std::string organisation;
  std::string created_at;
};
Result<std::vector<RoleRow>> RolesOf(Connection& db, int64_t user_id);
Result<std::string> UserCreatedAt(Connection& db, int64_t user_id);
Result<int64_t> CountSessionsOf(Connection& db, int64_t user_id);
Result<int64_t> CountResetsOf(Connection& db, int64_t user_id);
// Replaces name and email, makes the password unusable, hides the name.
Status PseudonymiseUser(Connection& db, int64_t user_id, std::string_view name,
                        std::string_view email);
Result<int64_t> DeleteTokensOf(Connection& db, int64_t user_id);
Result<int64_t> DeleteResetsOf(Connection& db, int64_t user_id);

}  // namespace plenary::auth::store
