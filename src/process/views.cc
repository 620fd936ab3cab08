#include "process/views.h"

#include <fmt/format.h>

#include "core/clock.h"
#include "core/text.h"
#include "process/composition.h"
#include "web/chart.h"

namespace plenary::process {
namespace {

using nlohmann::json;

std::string Day(const Date& d, const Translate& t, bool with_month, bool with_year) {
  std::string out = std::to_string(d.day);
  if (with_month) {
    out += " " + t(fmt::format("date.month.{}", d.month), {});
  }
  if (with_year) {
    out += " " + std::to_string(d.year);
  }
  return out;
}

// Splits text into paragraphs at blank lines.
json Paragraphs(const std::string& text) {
  json out = json::array();
  std::string current;
  for (std::string_view line : Split(text, '\n')) {
    if (Trim(line).empty()) {
      if (!current.empty()) {
        out.push_back(current);
        current.clear();
      }
      continue;
    }
    if (!current.empty()) {
      current += ' ';
    }
    current += Trim(line);
  }
  if (!current.empty()) {
    out.push_back(current);
  }
  return out;
}

std::string GroupLabel(std::string_view code, const Translate& t) {
  return t(fmt::format("stakeholder_group.{}", code), {});
}

json ProcessSummary(const Process& p, const Translate& t) {
  json out = {{"id", p.id},
              {"title", p.title},
              {"short_name", p.short_name},
              {"parent_body", p.parent_body},
              {"mandate_source", p.mandate_source},
              {"status", Code(p.status)},
              {"status_label", t(fmt::format("process.status.{}", Code(p.status)), {})},
              {"dates", FormatDayRange(p.starts_on, p.ends_on, t)}};
  return out;
}

json CountsTable(const std::vector<Composition::Count>& counts, const Translate& t,
                 const std::function<std::string(const std::string&)>& label) {
  json rows = json::array();
  for (const auto& c : counts) {
    rows.push_back({{"label", c.key.empty() ? t("composition.not_recorded", {}) : label(c.key)},
                    {"seats", c.seats},
                    {"recorded", c.recorded}});
  }
  return rows;
}

std::string Holder(const Member& m, const Country* country, const Translate& t) {
  std::vector<std::string> parts;
  if (country) {
    parts.push_back(country->name);
  }
  if (!m.organisation.empty()) {
    parts.push_back(m.organisation);
  }
  if (!m.person.empty()) {
    parts.push_back(m.person);
  }
  if (parts.empty()) {
    return t("composition.holder_not_recorded", {});
  }
  std::string out = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) {
    out += " — " + parts[i];
  }
  return out;
}

}  // namespace

std::string FormatDayRange(std::string_view from, std::string_view to, const Translate& t) {
  auto a = ParseDate(from);
  auto b = ParseDate(to);
  if (!a) {
    return "";
  }
  if (!b || *a == *b) {
    return Day(*a, t, true, true);
  }
  if (a->year == b->year && a->month == b->month) {
    return Day(*a, t, false, false) + "–" + Day(*b, t, true, true);
  }
  return Day(*a, t, true, a->year != b->year) + " – " + Day(*b, t, true, true);
}

json ProcessListView(const std::vector<Process>& processes, const Translate& t) {
  json items = json::array();
  for (const Process& p : processes) {
    items.push_back(ProcessSummary(p, t));
  }
  return {{"processes", items}};
}

json OverviewView(const Roster& roster, const Translate& t) {
  const Process& p = roster.process;
  json questions = json::array();
  for (size_t i = 0; i < p.guiding_questions.size(); ++i) {
    questions.push_back({{"number", i + 1}, {"text", p.guiding_questions[i]}});
  }
  json timeline = json::array();
  for (const Milestone& m : p.milestones) {
    timeline.push_back({{"when", FormatDayRange(m.starts_on, m.ends_on, t)},
                        {"datetime", m.starts_on},
                        {"kind", m.kind},
                        {"kind_label", t(fmt::format("milestone.{}", m.kind), {})},
                        {"title", m.title},
                        {"note", m.note}});
  }
  Composition c = ComputeComposition(roster.members, *roster.countries);
  json groups = json::array();
  for (const auto& g : c.by_stakeholder_group) {
    if (g.seats > 0) {
      groups.push_back({{"label", GroupLabel(g.key, t)}, {"seats", g.seats}});
    }
  }
  json chair = json::array();
  for (const Member& m : roster.members) {
    if (m.role == Role::kChair || m.role == Role::kViceChair) {
      chair.push_back({{"role_label", t(fmt::format("role.{}", Code(m.role)), {})},
                       {"holder", Holder(m, roster.CountryOf(m), t)}});
    }
  }
  return {{"process", ProcessSummary(p, t)},
          {"mandate", Paragraphs(p.mandate)},
          {"methods_of_work", Paragraphs(p.methods_of_work)},
          {"outcome", Paragraphs(p.outcome)},
          {"questions", questions},
          {"timeline", timeline},
          {"groups", groups},
          {"chair", chair},
          {"seats", c.seats},
          {"tab_overview", true}};
}

json CompositionView(const Roster& roster, const Translate& t) {
  Composition c = ComputeComposition(roster.members, *roster.countries);
  auto same = [](const std::string& key) { return key; };
  auto group_label = [&t](const std::string& key) { return GroupLabel(key, t); };
  std::vector<std::pair<std::string, int>> bars;
  for (const auto& g : c.by_stakeholder_group) {
    bars.emplace_back(GroupLabel(g.key, t), g.seats);
  }
  json sections = json::array();
  for (StakeholderGroup group : kAllStakeholderGroups) {
    json members = json::array();
    for (const Member& m : roster.members) {
      if (m.stakeholder_group != group || !HoldsSeat(m.role)) {
        continue;
      }
      members.push_back({{"seat", m.seat_label},
                         {"holder", Holder(m, roster.CountryOf(m), t)},
                         {"recorded", m.holder_recorded()},
                         {"role_label", t(fmt::format("role.{}", Code(m.role)), {})},
                         {"note", m.note}});
    }
    if (!members.empty()) {
      sections.push_back({{"label", GroupLabel(Code(group), t)}, {"members", members}});
    }
  }
  json others = json::array();
  for (const Member& m : roster.members) {
    if (!HoldsSeat(m.role)) {
      others.push_back({{"role_label", t(fmt::format("role.{}", Code(m.role)), {})},
                        {"holder", Holder(m, roster.CountryOf(m), t)},
                        {"group", GroupLabel(Code(m.stakeholder_group), t)},
                        {"note", m.note}});
    }
  }
  return {{"process", ProcessSummary(roster.process, t)},
          {"seats", c.seats},
          {"recorded", c.recorded},
          {"observers", c.observers},
          {"by_group", CountsTable(c.by_stakeholder_group, t, group_label)},
          {"group_chart", web::BarChartSvg(bars)},
          {"by_region", CountsTable(c.by_region, t, same)},
          {"by_regional_group", CountsTable(c.by_regional_group, t, same)},
          {"ldc", c.ldc},
          {"lldc", c.lldc},
          {"sids", c.sids},
          {"sections", sections},
          {"others", others},
          {"tab_composition", true}};
}

}  // namespace plenary::process
