#include "audit/redact.h"

#include <map>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "audit/store.h"

namespace plenary::audit {
namespace {

using ObjectKey = std::pair<std::string, std::string>;

// What to erase in one entry, and what is left to erase in it.
struct Plan {
  int format = kFormatV2;
  bool actor_salt_left = false;
  bool payload_salt_left = false;
  bool erase_actor = false;
  bool erase_payload = false;
};

Status CheckRedaction(const Redaction& what) {
  if (what.user_id <= 0) {
    return InvalidArgument("an erasure needs the id of a person's account");
  }
  if (what.label.empty()) {
    return InvalidArgument("an erasure needs the pseudonym that replaces the person's name");
  }
  for (const ObjectRef& object : what.objects) {
    if (object.object_type.empty() || object.object_id.empty()) {
      return InvalidArgument("an object to erase needs a type and an id");
    }
  }
  return Status::Ok();
}

Plan& PlanFor(std::map<int64_t, Plan>& plans, const Entry& e) {
  Plan& plan = plans[e.id];
  plan.format = e.format;
  plan.actor_salt_left = !e.actor_salt.empty();
  plan.payload_salt_left = !e.payload_salt.empty();
  return plan;
}

// Every entry the erasure concerns, by id.
Result<std::map<int64_t, Plan>> PlanErasure(storage::Connection& db, const Redaction& what,
                                            const std::set<ObjectKey>& objects) {
  std::map<int64_t, Plan> plans;
  ASSIGN_OR_RETURN(auto made, store::ListForActor(db, what.user_id));
  for (const Entry& e : made) {
    PlanFor(plans, e).erase_actor = true;
  }
  for (const auto& [type, id] : objects) {
    ASSIGN_OR_RETURN(auto about, store::ListForObject(db, type, id));
    for (const Entry& e : about) {
      // An erase entry holds only a pseudonym and counts, and Verify needs what it lists.
      if (e.object_type != kErasureObjectType || e.action != kErasureAction) {
        PlanFor(plans, e).erase_payload = true;
      }
    }
  }
  return plans;
}

nlohmann::json ErasureRecord(const Redaction& what, const std::set<ObjectKey>& objects,
                             const RedactionReport& report) {
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& [type, id] : objects) {
    listed.push_back({{"object_type", type}, {"object_id", id}});
  }
  return {{"label", what.label},
          {"objects", listed},
          {"redacted", report.redacted},
          {"kept", report.kept}};
}

}  // namespace

Result<RedactionReport> Redact(storage::Connection& db, const Redaction& what, Timestamp at) {
  RETURN_IF_ERROR(CheckRedaction(what));
  std::set<ObjectKey> objects;
  for (const ObjectRef& object : what.objects) {
    objects.emplace(object.object_type, object.object_id);
  }
  ASSIGN_OR_RETURN(auto plans, PlanErasure(db, what, objects));
  const std::string when = FormatIso8601(at);
  RedactionReport report;
  for (const auto& [id, plan] : plans) {
    if (plan.format != kFormatV2) {
      report.kept += 1;
      continue;
    }
    bool erase_actor = plan.erase_actor && plan.actor_salt_left;
    bool erase_payload = plan.erase_payload && plan.payload_salt_left;
    if (erase_actor) {
      RETURN_IF_ERROR(store::EraseActorLabel(db, id, what.label, when));
    }
    if (erase_payload) {
      RETURN_IF_ERROR(store::ErasePayload(db, id, when));
    }
    report.redacted += (erase_actor || erase_payload) ? 1 : 0;
  }
  Actor by = what.by;
  if (by.user_id == what.user_id) {
    by.label = what.label;
  }
  Change record{std::string(kErasureObjectType),
                std::to_string(what.user_id),
                std::nullopt,
                std::string(kErasureAction),
                nullptr,
                ErasureRecord(what, objects, report)};
  RETURN_IF_ERROR(Append(db, by, record, at));
  ASSIGN_OR_RETURN(auto head, store::LastEntry(db));
  report.erase_entry_id = head ? head->id : 0;
  return report;
}

}  // namespace plenary::audit
