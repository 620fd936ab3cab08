#include "auth/tokens.h"

#include <fmt/format.h>

#include "auth/secrets.h"
#include "auth/store.h"
#include "core/text.h"

namespace plenary::auth {
namespace {

constexpr std::string_view kPrefix = "plt_";  // lets secret scanners recognise a leaked token

TokenInfo ToInfo(const store::TokenRow& row) {
  return {row.id,         row.user_id,
          row.process_id, row.scope == "write" ? TokenScope::kWrite : TokenScope::kRead,
          row.label,      row.created_at,
          row.revoked};
}

}  // namespace

std::string_view ScopeCode(TokenScope scope) {
  return scope == TokenScope::kWrite ? "write" : "read";
}

Result<IssuedToken> IssueToken(storage::Database& db, const Clock& clock, int64_t user_id,
                               int64_t process_id, std::string_view scope, std::string_view label) {
  if (scope != "read" && scope != "write") {
    return Error(
        InvalidArgument(fmt::format("unknown scope '{}' (expected read or write)", scope)));
  }
  if (label.size() > 200 || !IsValidUtf8(label)) {
    return Error(InvalidArgument("the label must be at most 200 bytes of UTF-8"));
  }
  IssuedToken issued;
  issued.secret = std::string(kPrefix) + RandomToken();
  store::TokenRow row{0,
                      user_id,
                      process_id,
                      std::string(scope),
                      std::string(Trim(label)),
                      FormatIso8601(clock.Now()),
                      false};
  RETURN_IF_ERROR(db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(bool exists, store::ProcessExists(c, process_id));
    if (!exists) {
      return NotFound(fmt::format("no process {}", process_id));
    }
    ASSIGN_OR_RETURN(row.id, store::InsertToken(c, HashToken(issued.secret), row));
    return Status::Ok();
  }));
  issued.info = ToInfo(row);
  return issued;
}

Result<std::optional<TokenInfo>> FindToken(storage::Database& db, std::string_view secret) {
  std::optional<TokenInfo> found;
  if (!secret.starts_with(kPrefix) || secret.size() > 128) {
    return found;
  }
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto row, store::FindLiveToken(c, HashToken(secret)));
    if (row) {
      found = ToInfo(*row);
    }
    return Status::Ok();
  }));
  return found;
}

Result<std::vector<TokenInfo>> ListTokens(storage::Database& db, int64_t user_id) {
  std::vector<TokenInfo> out;
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rows, store::TokensOf(c, user_id));
    for (const auto& row : rows) {
      out.push_back(ToInfo(row));
    }
    return Status::Ok();
  }));
  return out;
}

Status RevokeToken(storage::Database& db, const Clock& clock, int64_t user_id, int64_t token_id) {
  return db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(bool revoked,
                     store::RevokeToken(c, user_id, token_id, FormatIso8601(clock.Now())));
    return revoked ? Status::Ok() : NotFound(fmt::format("you hold no live token {}", token_id));
  });
}

}  // namespace plenary::auth
