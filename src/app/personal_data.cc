#include <fmt/format.h>

#include "accreditation/privacy.h"
#include "app/application.h"
#include "auth/accounts.h"
#include "auth/privacy.h"
#include "campaigns/privacy.h"
#include "consultation/privacy.h"
#include "conversation/privacy.h"
#include "mail/outbox.h"

namespace plenary::app {
namespace {

using nlohmann::json;

Result<std::string> EmailOf(storage::Connection& c, int64_t user_id) {
  ASSIGN_OR_RETURN(auto account, auth::FindAccount(c, user_id));
  if (!account) {
    return Error(NotFound(fmt::format("no account {}", user_id)));
  }
  return account->email;
}

// The outbox sits below the domain modules, so its holder is composed here.
privacy::Holder MailPrivacy() {
  return {
      "mail",
      [](storage::Connection& c, int64_t user_id) -> Result<json> {
        ASSIGN_OR_RETURN(std::string email, EmailOf(c, user_id));
        ASSIGN_OR_RETURN(auto messages, mail::MessagesTo(c, email));
        json out = json::array();
        for (const auto& m : messages) {
          out.push_back(mail::ToJson(m));
        }
        return out;
      },
      [](storage::Connection& c, int64_t user_id, std::string_view) -> Result<privacy::Erasure> {
        ASSIGN_OR_RETURN(std::string email, EmailOf(c, user_id));
        ASSIGN_OR_RETURN(
            int64_t count,
            mail::EraseMessagesTo(c, email, fmt::format("erased-{}@erased.invalid", user_id)));
        privacy::Erasure out;
        out.done.push_back(fmt::format(
            "{} message(s) to the person in the outbox: address and text erased, unsent ones "
            "cancelled",
            count));
        return out;
      }};
}

}  // namespace

std::vector<privacy::Holder> PersonalDataHolders() {
  return {MailPrivacy(),
          accreditation::AccreditationPrivacy(),
          consultation::ContributionPrivacy(),
          campaigns::ConsentFlagPrivacy(),
          conversation::ParticipationPrivacy(),
          auth::AccountPrivacy()};
}

}  // namespace plenary::app
