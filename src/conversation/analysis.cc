#include "conversation/analysis.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "process/model.h"

namespace plenary::conversation {
namespace {

using nlohmann::json;
using opinion::Point;

double Round(double v) {
  return std::round(v * 10000.0) / 10000.0;
}

json PointJson(const Point& p) {
  return json::array({Round(p.x), Round(p.y)});
}

// Statistics of one grouping: each group's representative statements with the group's own
// agree/disagree shares, and the consensus statements.
json StatisticsJson(const opinion::GroupStatistics& stats, const std::vector<int64_t>& ids,
                    const std::vector<std::string>& keys) {
  const opinion::GroupTallies& t = stats.tallies;
  json groups = json::array();
  for (int g = 0; g < t.groups; ++g) {
    json reps = json::array();
    if (static_cast<size_t>(g) < stats.repness.size()) {
      for (const opinion::RepComment& r : stats.repness[g]) {
        size_t at = t.At(g, r.col);
        reps.push_back({{"statement", ids[r.col]},
                        {"side", r.agree ? "agree" : "disagree"},
                        {"agree", t.agree[at]},
                        {"disagree", t.disagree[at]},
                        {"seen", t.seen[at]},
                        {"p_success", Round(r.p_success)},
                        {"p_test", Round(r.p_test)},
                        {"repness", Round(r.repness)},
                        {"repness_test", Round(r.repness_test)}});
      }
    }
    groups.push_back({{"key", keys[g]}, {"size", t.members[g]}, {"repness", reps}});
  }
  json consensus = json::object();
  for (bool agree : {true, false}) {
    json list = json::array();
    for (const opinion::ConsensusComment& c :
         agree ? stats.consensus.agree : stats.consensus.disagree) {
      list.push_back({{"statement", ids[c.col]},
                      {"n_success", c.n_success},
                      {"n_trials", c.n_trials},
                      {"p_success", Round(c.p_success)},
                      {"p_test", Round(c.p_test)}});
    }
    consensus[agree ? "agree" : "disagree"] = std::move(list);
  }
  return {{"groups", groups}, {"consensus", consensus}};
}

// Statistics for groups given from outside: `key_of` a participant's group key ("" for none).
json ExternalJson(const opinion::Conversation& engine,
                  const std::unordered_map<int64_t, const Participant*>& by_number,
                  const std::function<std::string(const Participant&)>& key_of) {
  const std::vector<int64_t>& ids = engine.participants().ids();
  std::map<std::string, int> index;
  std::vector<std::string> row_key(engine.matrix().rows);
  for (int32_t r = 0; r < engine.matrix().rows; ++r) {
    auto it = by_number.find(ids[r]);
    row_key[r] = it == by_number.end() ? "" : key_of(*it->second);
    if (!row_key[r].empty()) {
      index.emplace(row_key[r], 0);
    }
  }
  std::vector<std::string> keys;
  for (auto& [key, i] : index) {
    i = static_cast<int>(keys.size());
    keys.push_back(key);
  }
  std::vector<int32_t> group_of(row_key.size(), -1);
  for (size_t r = 0; r < row_key.size(); ++r) {
    if (!row_key[r].empty()) {
      group_of[r] = index[row_key[r]];
    }
  }
  if (keys.empty()) {
    return {{"groups", json::array()},
            {"consensus", {{"agree", json::array()}, {"disagree", json::array()}}}};
  }
  opinion::GroupStatistics stats = engine.AnalyzeGroups(group_of, static_cast<int>(keys.size()));
  return StatisticsJson(stats, engine.comments().ids(), keys);
}

// Participants in groups, counted by a declared attribute, per group.
json CrossTab(const opinion::Analysis& a, int groups,
              const std::unordered_map<int64_t, const Participant*>& by_number,
              const std::function<std::string(const Participant&)>& key_of) {
  std::map<std::string, std::vector<int64_t>> counts;
  for (size_t r = 0; r < a.group_of.size(); ++r) {
    if (a.group_of[r] < 0) {
      continue;
    }
    auto it = by_number.find(a.participant_ids[r]);
    std::string key = it == by_number.end() ? "" : key_of(*it->second);
    auto& row = counts[key];
    row.resize(groups, 0);
    ++row[a.group_of[r]];
  }
  json rows = json::array();
  for (const auto& [key, row] : counts) {
    int64_t total = 0;
    for (int64_t n : row) {
      total += n;
    }
    rows.push_back({{"key", key}, {"counts", row}, {"total", total}});
  }
  return rows;
}

json MapJson(const std::vector<std::vector<Point>>& members) {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  size_t n = 0;
  for (const auto& points : members) {
    for (const Point& p : points) {
      x0 = n == 0 ? p.x : std::min(x0, p.x);
      x1 = n == 0 ? p.x : std::max(x1, p.x);
      y0 = n == 0 ? p.y : std::min(y0, p.y);
      y1 = n == 0 ? p.y : std::max(y1, p.y);
      ++n;
    }
  }
  json out = {{"bounds", {Round(x0), Round(y0), Round(x1), Round(y1)}}, {"count", n}};
  if (n <= kMaxMapPoints) {
    json points = json::array();
    for (size_t g = 0; g < members.size(); ++g) {
      for (const Point& p : members[g]) {
        points.push_back({Round(p.x), Round(p.y), g});
      }
    }
    out["kind"] = "points";
    out["points"] = std::move(points);
    return out;
  }
  // A density grid: each cell's count and the group most of its participants belong to.
  constexpr int kCols = 60, kRows = 40;
  std::map<std::pair<int, int>, std::vector<int64_t>> cells;
  double w = std::max(x1 - x0, 1e-9), h = std::max(y1 - y0, 1e-9);
  for (size_t g = 0; g < members.size(); ++g) {
    for (const Point& p : members[g]) {
      int i = std::min(kCols - 1, static_cast<int>((p.x - x0) / w * kCols));
      int j = std::min(kRows - 1, static_cast<int>((p.y - y0) / h * kRows));
      auto& cell = cells[{i, j}];
      cell.resize(members.size(), 0);
      ++cell[g];
    }
  }
  json list = json::array();
  for (const auto& [ij, by_group] : cells) {
    int64_t total = 0;
    size_t top = 0;
    for (size_t g = 0; g < by_group.size(); ++g) {
      total += by_group[g];
      top = by_group[g] > by_group[top] ? g : top;
    }
    list.push_back({ij.first, ij.second, total, top});
  }
  out["kind"] = "grid";
  out["grid"] = {{"cols", kCols}, {"rows", kRows}, {"cells", list}};
  return out;
}

}  // namespace

std::string GroupLetter(int index) {
  std::string out;
  do {
    out.insert(out.begin(), static_cast<char>('A' + index % 26));
    index = index / 26 - 1;
  } while (index >= 0);
  return out;
}

std::vector<Point> ConvexHull(std::vector<Point> points) {
  std::sort(points.begin(), points.end(),
            [](const Point& a, const Point& b) { return a.x != b.x ? a.x < b.x : a.y < b.y; });
  points.erase(std::unique(points.begin(), points.end()), points.end());
  if (points.size() < 3) {
    return points;
  }
  auto cross = [](const Point& o, const Point& a, const Point& b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  };
  std::vector<Point> hull(2 * points.size());
  size_t k = 0;
  for (const Point& p : points) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 0) {
      --k;
    }
    hull[k++] = p;
  }
  for (size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
    while (k >= lower && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) {
      --k;
    }
    hull[k++] = points[i];
  }
  hull.resize(k - 1);
  return hull;
}

json Summarise(opinion::Conversation& engine, const AnalysisInput& in) {
  for (const Statement& s : in.statements) {
    int moderated = s.status == StatementStatus::kRejected   ? -1
                    : s.status == StatementStatus::kAccepted ? 1
                                                             : 0;
    engine.SetModeration(s.number, moderated, s.is_meta);
  }
  const opinion::Analysis& a = engine.Update();
  std::unordered_map<int64_t, const Participant*> by_number;
  for (const Participant& p : in.participants) {
    by_number.emplace(p.number, &p);
  }
  const int k = a.k;
  std::vector<std::vector<Point>> members(k);
  for (size_t r = 0; r < a.group_of.size(); ++r) {
    if (a.group_of[r] >= 0 && a.group_of[r] < k) {
      members[a.group_of[r]].push_back(a.projection[r]);
    }
  }
  std::vector<std::string> letters;
  json groups = json::array();
  for (int g = 0; g < k; ++g) {
    letters.push_back(GroupLetter(g));
    Point c;
    for (const Point& p : members[g]) {
      c.x += p.x / static_cast<double>(members[g].size());
      c.y += p.y / static_cast<double>(members[g].size());
    }
    json hull = json::array();
    for (const Point& p : ConvexHull(members[g])) {
      hull.push_back(PointJson(p));
    }
    groups.push_back({{"label", letters.back()},
                      {"size", members[g].size()},
                      {"centroid", PointJson(c)},
                      {"hull", hull}});
  }
  json stats = StatisticsJson(a.statistics, a.comment_ids, letters);
  for (int g = 0; g < k; ++g) {
    groups[g]["repness"] = stats["groups"][g]["repness"];
  }
  auto group_key = [](const Participant& p) { return p.stakeholder_group; };
  auto region_key = [&](const Participant& p) -> std::string {
    auto it = in.countries.find(p.country_iso3);
    return it == in.countries.end() ? "" : it->second.region;
  };
  json external = {{"stakeholder_group", ExternalJson(engine, by_number, group_key)}};
  bool has_polis = std::any_of(in.participants.begin(), in.participants.end(),
                               [](const Participant& p) { return p.polis_group.has_value(); });
  if (has_polis) {
    external["polis"] = ExternalJson(engine, by_number, [](const Participant& p) {
      return p.polis_group ? std::to_string(*p.polis_group) : std::string();
    });
  }
  json priority = json::object();
  json gic = json::object();
  for (size_t c = 0; c < a.comment_ids.size(); ++c) {
    if (c < a.priority.size()) {
      priority[std::to_string(a.comment_ids[c])] = Round(a.priority[c]);
    }
    if (c < a.statistics.gic.size()) {
      gic[std::to_string(a.comment_ids[c])] = Round(a.statistics.gic[c]);
    }
  }
  int64_t in_groups = 0;
  for (const auto& m : members) {
    in_groups += static_cast<int64_t>(m.size());
  }
  json texts = json::object();
  for (const Statement& s : in.statements) {
    texts[std::to_string(s.number)] = {{"text", s.text}, {"status", Code(s.status)}};
  }
  return {{"k", k},
          {"in_groups", in_groups},
          {"participants_voting", a.participant_ids.size()},
          {"groups", groups},
          {"consensus", stats["consensus"]},
          {"map", MapJson(members)},
          {"crosstab",
           {{"stakeholder_group", CrossTab(a, k, by_number, group_key)},
            {"region", CrossTab(a, k, by_number, region_key)}}},
          {"external", external},
          {"priority", priority},
          {"gic", gic},
          {"statements", texts},
          {"seconds", Round(a.seconds)}};
}

}  // namespace plenary::conversation
