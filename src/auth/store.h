#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
};

Result<int64_t> InsertUser(Connection& db, const NewUser& user, std::string_view hash,
                           std::string_view now);
Result<std::optional<UserRow>> FindUserByEmail(Connection& db, std::string_view email);
Result<std::optional<UserRow>> FindUserById(Connection& db, int64_t id);
Status InsertRole(Connection& db, int64_t user_id, int64_t process_id, std::string_view role,
                  std::string_view now);
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

Status InsertFailure(Connection& db, std::string_view subject, int64_t at_ms);
Result<int64_t> CountFailuresSince(Connection& db, std::string_view subject, int64_t since_ms);
Status ClearFailures(Connection& db, std::string_view subject);

}  // namespace plenary::auth::store
