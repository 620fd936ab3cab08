#include "process/codec.h"

#include <fmt/format.h>

#include "core/clock.h"
#include "core/text.h"
#include "http/json_fields.h"

namespace plenary::process {
namespace {

using nlohmann::json;

using http::CheckKnownFields;
using http::ReadDate;
using http::ReadText;

Result<Milestone> ReadMilestone(const json& item) {
  RETURN_IF_ERROR(CheckKnownFields(item, {"kind", "starts_on", "ends_on", "title", "note"}));
  Milestone m;
  RETURN_IF_ERROR(ReadText(item, "kind", m.kind, 32));
  RETURN_IF_ERROR(ReadDate(item, "starts_on", m.starts_on));
  RETURN_IF_ERROR(ReadDate(item, "ends_on", m.ends_on));
  RETURN_IF_ERROR(ReadText(item, "title", m.title, 500));
  RETURN_IF_ERROR(ReadText(item, "note", m.note, 2000));
  if (m.title.empty() || m.starts_on.empty()) {
    return Error(InvalidArgument("'title' and 'starts_on' are required"));
  }
  if (m.kind.empty()) {
    m.kind = "event";
  }
  return m;
}

Status ReadMilestones(const json& body, std::vector<Milestone>& out) {
  auto it = body.find("milestones");
  if (it == body.end()) {
    return Status::Ok();
  }
  if (!it->is_array()) {
    return InvalidArgument("'milestones' must be an array");
  }
  out.clear();
  for (size_t i = 0; i < it->size(); ++i) {
    auto milestone = ReadMilestone((*it)[i]);
    if (!milestone) {
      return milestone.error().WithContext(fmt::format("milestones[{}]", i));
    }
    out.push_back(std::move(*milestone));
  }
  return Status::Ok();
}

Status ReadQuestions(const json& body, std::vector<std::string>& out) {
  auto it = body.find("guiding_questions");
  if (it == body.end()) {
    return Status::Ok();
  }
  if (!it->is_array()) {
    return InvalidArgument("'guiding_questions' must be an array of strings");
  }
  out.clear();
  for (size_t i = 0; i < it->size(); ++i) {
    const json& q = (*it)[i];
    if (!q.is_string() || !IsValidUtf8(q.get<std::string>()) ||
        Trim(q.get<std::string>()).empty()) {
      return InvalidArgument(fmt::format("guiding_questions[{}] must be a non-empty string", i));
    }
    out.emplace_back(Trim(q.get<std::string>()));
  }
  return Status::Ok();
}

}  // namespace

json ToJson(const Process& p) {
  json milestones = json::array();
  for (const Milestone& m : p.milestones) {
    milestones.push_back({{"kind", m.kind},
                          {"starts_on", m.starts_on},
                          {"ends_on", m.ends_on},
                          {"title", m.title},
                          {"note", m.note}});
  }
  return {{"id", p.id},
          {"short_name", p.short_name},
          {"title", p.title},
          {"mandate", p.mandate},
          {"mandate_source", p.mandate_source},
          {"parent_body", p.parent_body},
          {"starts_on", p.starts_on},
          {"ends_on", p.ends_on},
          {"status", Code(p.status)},
          {"methods_of_work", p.methods_of_work},
          {"outcome", p.outcome},
          {"time_zone", p.time_zone},
          {"guiding_questions", p.guiding_questions},
          {"milestones", milestones},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at},
          {"links",
           {{"self", fmt::format("/api/processes/{}", p.id)},
            {"members", fmt::format("/api/processes/{}/members", p.id)},
            {"composition", fmt::format("/api/processes/{}/composition", p.id)},
            {"page", fmt::format("/processes/{}", p.id)}}}};
}

json ToJson(const Country& c) {
  return {{"iso3", c.iso3},
          {"iso2", c.iso2},
          {"m49", c.m49},
          {"name", c.name},
          {"region", c.region},
          {"subregion", c.subregion},
          {"ldc", c.ldc},
          {"lldc", c.lldc},
          {"sids", c.sids},
          {"un_status", c.un_status},
          {"un_regional_group", c.un_regional_group}};
}

json ToJson(const Member& m, const Country* country) {
  return {{"id", m.id},
          {"process_id", m.process_id},
          {"seat_label", m.seat_label},
          {"stakeholder_group", Code(m.stakeholder_group)},
          {"role", Code(m.role)},
          {"country", country ? ToJson(*country) : json(nullptr)},
          {"regional_group", m.regional_group},
          {"organisation", m.organisation},
          {"person", m.person},
          {"holder_recorded", m.holder_recorded()},
          {"starts_on", m.starts_on},
          {"ends_on", m.ends_on},
          {"note", m.note}};
}

Result<Process> ProcessFromJson(const json& body, const Process* base) {
  RETURN_IF_ERROR(CheckKnownFields(
      body,
      {"short_name", "title", "mandate", "mandate_source", "parent_body", "starts_on", "ends_on",
       "status", "methods_of_work", "outcome", "time_zone", "guiding_questions", "milestones"}));
  Process p = base ? *base : Process{};
  RETURN_IF_ERROR(ReadText(body, "title", p.title, 500));
  RETURN_IF_ERROR(ReadText(body, "short_name", p.short_name, 100));
  RETURN_IF_ERROR(ReadText(body, "mandate", p.mandate));
  RETURN_IF_ERROR(ReadText(body, "mandate_source", p.mandate_source, 500));
  RETURN_IF_ERROR(ReadText(body, "parent_body", p.parent_body, 500));
  RETURN_IF_ERROR(ReadDate(body, "starts_on", p.starts_on));
  RETURN_IF_ERROR(ReadDate(body, "ends_on", p.ends_on));
  RETURN_IF_ERROR(ReadText(body, "methods_of_work", p.methods_of_work));
  RETURN_IF_ERROR(ReadText(body, "outcome", p.outcome));
  RETURN_IF_ERROR(ReadText(body, "time_zone", p.time_zone, 64));
  RETURN_IF_ERROR(ReadQuestions(body, p.guiding_questions));
  RETURN_IF_ERROR(ReadMilestones(body, p.milestones));
  std::string status(Code(p.status));
  RETURN_IF_ERROR(ReadText(body, "status", status, 32));
  auto parsed = ParseProcessStatus(status);
  if (!parsed) {
    return Error(InvalidArgument(
        fmt::format("unknown status '{}' (expected planned, active or concluded)", status)));
  }
  p.status = *parsed;
  if (p.title.empty()) {
    return Error(InvalidArgument("'title' is required"));
  }
  if (p.short_name.empty()) {
    return Error(InvalidArgument("'short_name' is required"));
  }
  if (p.time_zone.empty()) {
    p.time_zone = "UTC";
  }
  if (!p.starts_on.empty() && !p.ends_on.empty() && p.ends_on < p.starts_on) {
    return Error(InvalidArgument("'ends_on' is before 'starts_on'"));
  }
  return p;
}

Result<Member> MemberFromJson(const json& body) {
  RETURN_IF_ERROR(CheckKnownFields(
      body, {"seat_label", "stakeholder_group", "role", "country", "regional_group", "organisation",
             "person", "starts_on", "ends_on", "note"}));
  Member m;
  std::string group;
  std::string role = "member";
  RETURN_IF_ERROR(ReadText(body, "stakeholder_group", group, 64));
  RETURN_IF_ERROR(ReadText(body, "role", role, 32));
  RETURN_IF_ERROR(ReadText(body, "seat_label", m.seat_label, 200));
  RETURN_IF_ERROR(ReadText(body, "country", m.country_iso3, 8));
  RETURN_IF_ERROR(ReadText(body, "regional_group", m.regional_group, 100));
  RETURN_IF_ERROR(ReadText(body, "organisation", m.organisation, 300));
  RETURN_IF_ERROR(ReadText(body, "person", m.person, 300));
  RETURN_IF_ERROR(ReadDate(body, "starts_on", m.starts_on));
  RETURN_IF_ERROR(ReadDate(body, "ends_on", m.ends_on));
  RETURN_IF_ERROR(ReadText(body, "note", m.note, 2000));
  if (group.empty()) {
    return Error(InvalidArgument("'stakeholder_group' is required"));
  }
  auto parsed_group = ParseStakeholderGroup(group);
  if (!parsed_group) {
    return Error(InvalidArgument(fmt::format(
        "unknown stakeholder group '{}' (expected government, private_sector, civil_society, "
        "technical_community, academic_community or intergovernmental)",
        group)));
  }
  auto parsed_role = ParseRole(role);
  if (!parsed_role) {
    return Error(InvalidArgument(fmt::format(
        "unknown role '{}' (expected chair, vice_chair, member, observer or secretariat)", role)));
  }
  m.stakeholder_group = *parsed_group;
  m.role = *parsed_role;
  if (!m.holder_recorded() && m.seat_label.empty()) {
    return Error(InvalidArgument(
        "give the holder ('country', 'organisation' or 'person') or, if the record names none, "
        "the 'seat_label'"));
  }
  if (!m.starts_on.empty() && !m.ends_on.empty() && m.ends_on < m.starts_on) {
    return Error(InvalidArgument("'ends_on' is before 'starts_on'"));
  }
  return m;
}

}  // namespace plenary::process
