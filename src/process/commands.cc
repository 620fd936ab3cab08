#include "process/commands.h"

#include <fmt/format.h>

#include "audit/trail.h"
#include "process/codec.h"
#include "process/store.h"

namespace plenary::process {

Result<Process> CreateProcess(Context& ctx, const audit::Actor& actor, const nlohmann::json& body) {
  ASSIGN_OR_RETURN(Process process, ProcessFromJson(body, nullptr));
  Timestamp at = ctx.clock.Now();
  std::string now = FormatIso8601(at);
  Status status = ctx.db.Transaction([&](storage::Connection& db) -> Status {
    auto id = store::InsertProcess(db, process, now);
    if (!id) {
      return id.error().code() == StatusCode::kConflict
                 ? Conflict(fmt::format("a process named '{}' already exists", process.short_name))
                 : id.error();
    }
    ASSIGN_OR_RETURN(process, store::GetProcess(db, *id));
    return audit::Append(
        db, actor,
        {"process", std::to_string(process.id), process.id, "create", nullptr, ToJson(process)},
        at);
  });
  RETURN_IF_ERROR(status);
  return process;
}

Result<Process> UpdateProcess(Context& ctx, const audit::Actor& actor, int64_t id,
                              const nlohmann::json& body) {
  Timestamp at = ctx.clock.Now();
  std::string now = FormatIso8601(at);
  Process updated;
  Status status = ctx.db.Transaction([&](storage::Connection& db) -> Status {
    ASSIGN_OR_RETURN(Process stored, store::GetProcess(db, id));
    ASSIGN_OR_RETURN(updated, ProcessFromJson(body, &stored));
    updated.id = id;
    Status s = store::UpdateProcess(db, updated, now);
    if (s.code() == StatusCode::kConflict) {
      return Conflict(fmt::format("a process named '{}' already exists", updated.short_name));
    }
    RETURN_IF_ERROR(s);
    ASSIGN_OR_RETURN(updated, store::GetProcess(db, id));
    return audit::Append(
        db, actor, {"process", std::to_string(id), id, "update", ToJson(stored), ToJson(updated)},
        at);
  });
  RETURN_IF_ERROR(status);
  return updated;
}

Result<Member> AddMember(Context& ctx, const audit::Actor& actor, int64_t process_id,
                         const nlohmann::json& body) {
  ASSIGN_OR_RETURN(Member member, MemberFromJson(body));
  member.process_id = process_id;
  Timestamp at = ctx.clock.Now();
  std::string now = FormatIso8601(at);
  Status status = ctx.db.Transaction([&](storage::Connection& db) -> Status {
    RETURN_IF_ERROR(detail::ToStatus(store::GetProcess(db, process_id)));
    if (!member.country_iso3.empty()) {
      ASSIGN_OR_RETURN(auto country, store::FindCountry(db, member.country_iso3));
      if (!country) {
        return InvalidArgument(fmt::format(
            "unknown country code '{}' (use an ISO 3166 alpha-3 or alpha-2 code or a UN M49 code)",
            member.country_iso3));
      }
      member.country_iso3 = country->iso3;
      if (member.regional_group.empty() &&
          member.stakeholder_group == StakeholderGroup::kGovernment) {
        member.regional_group = country->un_regional_group;
      }
    }
    ASSIGN_OR_RETURN(member.id, store::InsertMember(db, member, now));
    // The record keeps the resolved country code, not the reference data it points to.
    nlohmann::json after = ToJson(member, nullptr);
    if (!member.country_iso3.empty()) {
      after["country"] = member.country_iso3;
    }
    return audit::Append(
        db, actor,
        {"member", std::to_string(member.id), process_id, "add", nullptr, std::move(after)}, at);
  });
  RETURN_IF_ERROR(status);
  return member;
}

}  // namespace plenary::process
