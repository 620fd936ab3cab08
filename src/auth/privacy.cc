#include "auth/privacy.h"

#include <fmt/format.h>

#include "auth/store.h"
#include "auth/tokens.h"

namespace plenary::auth {
namespace {

using nlohmann::json;

Result<json> Export(storage::Connection& c, int64_t user_id) {
  ASSIGN_OR_RETURN(auto user, store::FindUserById(c, user_id));
  if (!user) {
    return Error(NotFound(fmt::format("no account {}", user_id)));
  }
  ASSIGN_OR_RETURN(std::string created, store::UserCreatedAt(c, user_id));
  json roles = json::array();
  ASSIGN_OR_RETURN(auto role_rows, store::RolesOf(c, user_id));
  for (const auto& r : role_rows) {
    roles.push_back({{"process_id", r.process_id},
                     {"role", r.role},
                     {"member_id", r.member_id ? json(*r.member_id) : json()},
                     {"capacity", r.capacity},
                     {"organisation", r.organisation},
                     {"since", r.created_at}});
  }
  json tokens = json::array();
  ASSIGN_OR_RETURN(auto token_rows, store::TokensOf(c, user_id));
  for (const auto& t : token_rows) {
    tokens.push_back({{"id", t.id},
                      {"process_id", t.process_id},
                      {"scope", t.scope},
                      {"label", t.label},
                      {"created_at", t.created_at},
                      {"revoked", t.revoked}});
  }
  ASSIGN_OR_RETURN(int64_t sessions, store::CountSessionsOf(c, user_id));
  ASSIGN_OR_RETURN(int64_t resets, store::CountResetsOf(c, user_id));
  return json{{"account",
               {{"id", user->id},
                {"email", user->email},
                {"name", user->name},
                {"publish_name", user->publish_name},
                {"site_admin", user->site_admin},
                {"created_at", created}}},
              {"roles", roles},
              {"api_tokens", tokens},
              {"open_sessions", sessions},
              {"password_reset_tokens", resets}};
}

Result<privacy::Erasure> Erase(storage::Connection& c, int64_t user_id,
                               std::string_view pseudonym) {
  ASSIGN_OR_RETURN(auto user, store::FindUserById(c, user_id));
  if (!user) {
    return Error(NotFound(fmt::format("no account {}", user_id)));
  }
  privacy::Erasure out;
  RETURN_IF_ERROR(store::ClearFailures(c, "account:" + user->email));
  RETURN_IF_ERROR(store::PseudonymiseUser(c, user_id, pseudonym,
                                          fmt::format("erased-{}@erased.invalid", user_id)));
  ASSIGN_OR_RETURN(int64_t sessions, store::CountSessionsOf(c, user_id));
  RETURN_IF_ERROR(store::DeleteSessionsOf(c, user_id));
  ASSIGN_OR_RETURN(int64_t tokens, store::DeleteTokensOf(c, user_id));
  ASSIGN_OR_RETURN(int64_t resets, store::DeleteResetsOf(c, user_id));
  ASSIGN_OR_RETURN(auto roles, store::RolesOf(c, user_id));
  out.done.push_back(fmt::format(
      "account {}: name and email replaced by '{}', password made unusable; {} session(s), {} "
      "API token(s), {} reset token(s) and the failed sign-ins deleted",
      user_id, pseudonym, sessions, tokens, resets));
  if (!roles.empty()) {
    out.kept.push_back(fmt::format(
        "{} role(s) in processes: who held which seat or function is part of the official "
        "record; they now name '{}'",
        roles.size(), pseudonym));
  }
  return out;
}

}  // namespace

privacy::Holder AccountPrivacy() {
  return {"accounts", Export, Erase};
}

}  // namespace plenary::auth
