#include "conversation/privacy.h"

#include <fmt/format.h>

#include "conversation/store.h"

namespace plenary::conversation {
namespace {

using nlohmann::json;

Result<json> Export(storage::Connection& c, int64_t user_id) {
  ASSIGN_OR_RETURN(auto participations, store::ParticipationsOf(c, user_id));
  json out = json::array();
  for (const Participant& p : participations) {
    ASSIGN_OR_RETURN(auto votes, store::VotesOf(c, p.conversation_id, p.number));
    json cast = json::array();
    for (const auto& [statement, value] : votes) {
      cast.push_back({{"statement", statement}, {"vote", Code(value)}});
    }
    out.push_back({{"conversation_id", p.conversation_id},
                   {"participant", p.number},
                   {"stakeholder_group", p.stakeholder_group},
                   {"country", p.country_iso3},
                   {"votes", cast}});
  }
  return json{{"participations", out}};
}

Result<privacy::Erasure> Erase(storage::Connection& c, int64_t user_id, std::string_view) {
  ASSIGN_OR_RETURN(int64_t unlinked, store::UnlinkParticipations(c, user_id));
  privacy::Erasure out;
  if (unlinked > 0) {
    out.done.push_back(fmt::format(
        "unlinked {} participation(s) in opinion conversations from the account", unlinked));
    out.kept.push_back(
        "their votes and declared stakeholder group and country stay in the opinion maps, as an "
        "anonymous participant's");
  }
  return out;
}

}  // namespace

privacy::Holder ParticipationPrivacy() {
  return {"conversation", Export, Erase};
}

}  // namespace plenary::conversation
