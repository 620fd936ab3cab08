#include "conversation/views.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "conversation/map_svg.h"
#include "process/model.h"

namespace plenary::conversation {
namespace {

using nlohmann::json;

std::string Percent(int64_t part, int64_t whole) {
  if (whole <= 0) {
    return "–";
  }
  return fmt::format("{}%", static_cast<int>(std::lround(100.0 * part / whole)));
}

std::string GroupName(const json& group, const std::string& grouping, const Translate& t) {
  if (grouping == "stakeholder_group") {
    return t(fmt::format("stakeholder_group.{}", group.value("key", "")), {});
  }
  if (grouping == "polis") {
    return t("conversation.results.polis_group", {{"id", group.value("key", "")}});
  }
  return t("conversation.results.group", {{"label", group.value("label", group.value("key", ""))}});
}

std::string StatementText(const json& body, int64_t number) {
  const json& texts = body["statements"];
  auto it = texts.find(std::to_string(number));
  return it == texts.end() ? std::string() : (*it).value("text", "");
}

json Reps(const json& body, const json& group, const Translate& t) {
  json out = json::array();
  for (const json& r : group["repness"]) {
    int64_t seen = r.value("seen", int64_t{0});
    bool agree = r.value("side", "") == "agree";
    out.push_back(
        {{"number", r["statement"]},
         {"text", StatementText(body, r["statement"].get<int64_t>())},
         {"side",
          t(agree ? "conversation.results.side_agree" : "conversation.results.side_disagree", {})},
         {"agree", Percent(r.value("agree", int64_t{0}), seen)},
         {"disagree", Percent(r.value("disagree", int64_t{0}), seen)},
         {"seen", seen}});
  }
  return out;
}

json ConsensusRows(const json& body, const json& list) {
  json out = json::array();
  for (const json& c : list) {
    out.push_back(
        {{"number", c["statement"]},
         {"text", StatementText(body, c["statement"].get<int64_t>())},
         {"share", Percent(c.value("n_success", int64_t{0}), c.value("n_trials", int64_t{0}))},
         {"votes", c.value("n_trials", int64_t{0})}});
  }
  return out;
}

json CrossTabView(const json& rows, const std::vector<std::string>& columns,
                  const std::function<std::string(const std::string&)>& label) {
  json out_rows = json::array();
  std::vector<int64_t> totals(columns.size(), 0);
  for (const json& row : rows) {
    json cells = json::array();
    int64_t total = row.value("total", int64_t{0});
    for (size_t g = 0; g < columns.size(); ++g) {
      int64_t n = g < row["counts"].size() ? row["counts"][g].get<int64_t>() : 0;
      totals[g] += n;
      cells.push_back({{"count", n}, {"share", Percent(n, total)}});
    }
    out_rows.push_back(
        {{"label", label(row.value("key", ""))}, {"cells", cells}, {"total", total}});
  }
  json headers = json::array();
  for (size_t g = 0; g < columns.size(); ++g) {
    headers.push_back({{"name", columns[g]}, {"total", totals[g]}});
  }
  return {{"columns", headers}, {"rows", out_rows}, {"any", !rows.empty()}};
}

json Options(const std::string& chosen, const process::CountryMap& countries, const Translate& t,
             json& groups) {
  for (process::StakeholderGroup g : process::kAllStakeholderGroups) {
    std::string code(process::Code(g));
    groups.push_back({{"code", code},
                      {"label", t(fmt::format("stakeholder_group.{}", code), {})},
                      {"selected", code == chosen}});
  }
  std::vector<const process::Country*> sorted;
  for (const auto& [iso3, c] : countries) {
    sorted.push_back(&c);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->name < b->name; });
  json out = json::array();
  for (const process::Country* c : sorted) {
    out.push_back({{"code", c->iso3}, {"name", c->name}});
  }
  return out;
}

}  // namespace

json ListView(const ProcessRef& process, const std::vector<Conversation>& items,
              const Translate& t) {
  json list = json::array();
  for (const Conversation& c : items) {
    list.push_back(
        {{"id", c.id},
         {"topic", c.topic},
         {"description", c.description},
         {"state", t(c.open ? "conversation.state.open" : "conversation.state.closed", {})}});
  }
  return {{"process",
           {{"id", process.id}, {"title", process.title}, {"short_name", process.short_name}}},
          {"conversations", list},
          {"tab_conversations", true}};
}

json VotingView(const VotingPage& page, const Translate& t) {
  const Conversation& c = page.conversation;
  json groups = json::array();
  std::string chosen_group = page.participant ? page.participant->stakeholder_group : "";
  std::string chosen_country = page.participant ? page.participant->country_iso3 : "";
  json countries = Options(chosen_group, page.countries, t, groups);
  for (json& country : countries) {
    country["selected"] = country["code"] == chosen_country;
  }
  json out = {
      {"conversation",
       {{"id", c.id}, {"topic", c.topic}, {"description", c.description}, {"open", c.open}}},
      {"process",
       {{"id", page.process.id},
        {"title", page.process.title},
        {"short_name", page.process.short_name}}},
      {"voted", page.next.voted},
      {"remaining", page.next.remaining},
      {"groups", groups},
      {"countries", countries},
      {"can_submit", c.open && c.participant_statements},
      {"moderated", c.moderation == Moderation::kBeforePublication},
      {"declared", page.participant && (!chosen_group.empty() || !chosen_country.empty())}};
  if (page.next.statement && c.open) {
    out["statement"] = {{"number", page.next.statement->number},
                        {"text", page.next.statement->text},
                        {"source", page.next.statement->source}};
  }
  if (!page.csrf_field.empty()) {
    out["csrf"] = {{"field", page.csrf_field}, {"value", page.csrf_value}};
  }
  if (!page.notice.empty()) {
    out["notice"] = page.notice;
  }
  if (!page.error.empty()) {
    out["error"] = page.error;
  }
  return out;
}

json ResultsView(const Results& results, const std::vector<store::Snapshot>& snapshots,
                 const Translate& t) {
  const json& body = results.body;
  std::string grouping = body.value("grouping", "opinion");
  const json& map = body["map"];
  const json& outlines = map["groups"];
  int64_t in_groups = body.value("in_groups", int64_t{0});
  MapText text;
  json map_rows = json::array();
  std::vector<std::string> letters;
  for (size_t g = 0; g < outlines.size(); ++g) {
    const json& o = outlines[g];
    std::string name = GroupName(o, "opinion", t);
    int64_t size = o.value("size", int64_t{0});
    letters.push_back(name);
    text.group_names.push_back(fmt::format("{} ({})", name, size));
    map_rows.push_back({{"name", name},
                        {"size", size},
                        {"share", Percent(size, in_groups)},
                        {"x", fmt::format("{:.2f}", o["centroid"][0].get<double>())},
                        {"y", fmt::format("{:.2f}", o["centroid"][1].get<double>())},
                        {"colour", GroupColour(g)}});
  }
  text.title = t("conversation.results.map_title", {{"participants", std::to_string(in_groups)},
                                                    {"groups", std::to_string(outlines.size())}});
  text.description = t(map.value("kind", "") == "grid" ? "conversation.results.map_desc_grid"
                                                       : "conversation.results.map_desc_points",
                       {});
  json groups = json::array();
  for (const json& g : body["groups"]) {
    groups.push_back({{"name", GroupName(g, grouping, t)},
                      {"size", g.value("size", int64_t{0})},
                      {"reps", Reps(body, g, t)}});
  }
  auto group_label = [&](const std::string& key) {
    return key.empty() ? t("conversation.results.not_declared", {})
                       : t(fmt::format("stakeholder_group.{}", key), {});
  };
  auto region_label = [&](const std::string& key) {
    return key.empty() ? t("conversation.results.not_declared", {}) : key;
  };
  json groupings = json::array();
  for (std::string_view g : {"opinion", "stakeholder_group", "polis"}) {
    if (g == "polis" && !body["external"].contains("polis")) {
      continue;
    }
    groupings.push_back({{"href", fmt::format("?groups={}", g)},
                         {"label", t(fmt::format("conversation.results.grouping_{}", g), {})},
                         {"current", g == grouping}});
  }
  json history = json::array();
  for (const store::Snapshot& s : snapshots) {
    history.push_back({{"number", s.number},
                       {"date", s.created_at},
                       {"votes", s.votes},
                       {"current", s.number == results.snapshot.number}});
  }
  return {{"conversation", {{"id", results.conversation.id}, {"topic", body.value("topic", "")}}},
          {"process_title", body.value("process_title", "")},
          {"process_id", body.value("process_id", int64_t{0})},
          {"snapshot", results.snapshot.number},
          {"created_at", results.snapshot.created_at},
          {"participants", results.snapshot.participants},
          {"votes", results.snapshot.votes},
          {"in_groups", in_groups},
          {"k", outlines.size()},
          {"stale", results.stale},
          {"map_svg", OpinionMapSvg(map, outlines, text)},
          {"map_rows", map_rows},
          {"grouping_label", t(fmt::format("conversation.results.grouping_{}", grouping), {})},
          {"groupings", groupings},
          {"groups", groups},
          {"consensus_agree", ConsensusRows(body, body["consensus"]["agree"])},
          {"consensus_disagree", ConsensusRows(body, body["consensus"]["disagree"])},
          {"by_group", CrossTabView(body["crosstab"]["stakeholder_group"], letters, group_label)},
          {"by_region", CrossTabView(body["crosstab"]["region"], letters, region_label)},
          {"citation", body.value("citation", "")},
          {"url", body.value("url", "")},
          {"snapshots", history}};
}

}  // namespace plenary::conversation
