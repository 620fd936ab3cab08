#include "campaigns/privacy.h"

#include <fmt/format.h>

#include "auth/accounts.h"
#include "campaigns/store.h"

namespace plenary::campaigns {
namespace {

using nlohmann::json;

Result<std::string> EmailOf(storage::Connection& c, int64_t user_id) {
  ASSIGN_OR_RETURN(auto account, auth::FindAccount(c, user_id));
  if (!account) {
    return Error(NotFound(fmt::format("no account {}", user_id)));
  }
  return account->email;
}

Result<json> Export(storage::Connection& c, int64_t user_id) {
  ASSIGN_OR_RETURN(std::string email, EmailOf(c, user_id));
  ASSIGN_OR_RETURN(auto flags, store::FlagsByContact(c, email));
  json out = json::array();
  for (const ConsentFlag& f : flags) {
    out.push_back({{"contribution_id", f.contribution_id},
                   {"call_id", f.call_id},
                   {"name", f.name},
                   {"contact", f.contact},
                   {"statement", f.statement},
                   {"created_at", f.created_at}});
  }
  return json{{"consent_flags", out}};
}

Result<privacy::Erasure> Erase(storage::Connection& c, int64_t user_id,
                               std::string_view pseudonym) {
  ASSIGN_OR_RETURN(std::string email, EmailOf(c, user_id));
  ASSIGN_OR_RETURN(int64_t erased,
                   store::EraseFlagsByContact(c, email, pseudonym,
                                              fmt::format("erased-{}@erased.invalid", user_id)));
  privacy::Erasure out;
  if (erased > 0) {
    out.done.push_back(fmt::format(
        "erased the name, address and statement of {} consent flag(s) the person made", erased));
    out.kept.push_back("the flags stay counted on their contributions and campaigns");
  }
  return out;
}

}  // namespace

privacy::Holder ConsentFlagPrivacy() {
  return {"campaigns", Export, Erase};
}

}  // namespace plenary::campaigns
