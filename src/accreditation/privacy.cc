#include "accreditation/privacy.h"

#include <fmt/format.h>

#include "accreditation/codec.h"
#include "accreditation/store.h"

namespace plenary::accreditation {
namespace {

using nlohmann::json;

Result<json> Export(storage::Connection& c, int64_t user_id) {
  ASSIGN_OR_RETURN(auto own, store::ListRequestsOf(c, user_id, std::nullopt));
  ASSIGN_OR_RETURN(auto decided, store::ListDecidedBy(c, user_id));
  json requests = json::array();
  for (const Request& r : own) {
    requests.push_back(ToJson(r));
  }
  json decisions = json::array();
  for (const Request& r : decided) {
    decisions.push_back({{"request_id", r.id},
                         {"process_id", r.process_id},
                         {"decision", Code(r.status)},
                         {"reason", r.reason},
                         {"decided_at", r.decided_at}});
  }
  return json{{"accreditation_requests", requests}, {"accreditation_decisions", decisions}};
}

Result<privacy::Erasure> Erase(storage::Connection& c, int64_t user_id,
                               std::string_view /*pseudonym: no name is kept here*/) {
  ASSIGN_OR_RETURN(auto own, store::ListRequestsOf(c, user_id, std::nullopt));
  int64_t letters = 0;
  int64_t decided = 0;
  privacy::Erasure out;
  for (const Request& r : own) {
    letters += r.letter_bytes > 0 ? 1 : 0;
    decided += r.status != RequestStatus::kPending ? 1 : 0;
    out.audit_objects.push_back({"accreditation", std::to_string(r.id)});
  }
  if (own.empty()) {
    return out;
  }
  RETURN_IF_ERROR(detail::ToStatus(store::EraseLettersAndNotes(c, user_id)));
  out.done.push_back(fmt::format(
      "deleted {} nomination letter(s) and blanked the notes of {} accreditation request(s)",
      letters, own.size()));
  out.kept.push_back(fmt::format(
      "the decisions on {} accreditation request(s) (status, reason, date, who decided) and the "
      "roles they granted stay as the official record of who was accredited; the government or "
      "organisation represented is kept, as it does not name the person",
      decided));
  return out;
}

}  // namespace

privacy::Holder AccreditationPrivacy() {
  return {"accreditation", Export, Erase};
}

}  // namespace plenary::accreditation
