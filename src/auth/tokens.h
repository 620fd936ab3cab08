#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"

// API tokens for programs: created by an account, scoped to one process and to reading or
// writing, shown once and stored as a SHA-256 hash. A token carries no more rights than its
// account holds in that process; a read token makes only GET requests.
namespace plenary::auth {

enum class TokenScope { kRead, kWrite };
std::string_view ScopeCode(TokenScope scope);  // "read", "write"

struct TokenInfo {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t process_id = 0;
  TokenScope scope = TokenScope::kRead;
  std::string label;
  std::string created_at;
  bool revoked = false;
};

struct IssuedToken {
  TokenInfo info;
  std::string secret;  // "plt_..."; given once, never stored
};

// kInvalidArgument for an unknown scope or a label over 200 bytes; kNotFound for an unknown
// process.
Result<IssuedToken> IssueToken(storage::Database& db, const Clock& clock, int64_t user_id,
                               int64_t process_id, std::string_view scope, std::string_view label);
// The live token with this secret, if any.
Result<std::optional<TokenInfo>> FindToken(storage::Database& db, std::string_view secret);
Result<std::vector<TokenInfo>> ListTokens(storage::Database& db, int64_t user_id);
// kNotFound unless the account holds a live token with this id.
Status RevokeToken(storage::Database& db, const Clock& clock, int64_t user_id, int64_t token_id);

}  // namespace plenary::auth
