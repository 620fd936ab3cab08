#include "campaigns/views.h"

#include <fmt/format.h>

#include "campaigns/personal.h"
#include "core/clock.h"
#include "web/chart.h"

namespace plenary::campaigns {
namespace {

using nlohmann::json;

std::string Percent(double share) {
  return fmt::format("{:.1f} %", share * 100.0);
}

// "2016-10-01 09:00" (UTC) from an ISO 8601 time.
std::string Minute(std::string_view iso) {
  std::string out(iso.substr(0, std::min<size_t>(iso.size(), 16)));
  if (out.size() > 10 && out[10] == 'T') {
    out[10] = ' ';
  }
  return out;
}

// The arrival profile as (bucket start, arrivals).
std::vector<std::pair<std::string, int>> Buckets(const Cluster& c) {
  std::vector<std::pair<std::string, int>> out;
  auto first = ParseIso8601(c.first_arrival);
  for (size_t i = 0; i < c.arrivals.size(); ++i) {
    std::string label = c.first_arrival;
    if (first) {
      label =
          FormatIso8601(*first + std::chrono::seconds(c.bucket_seconds * static_cast<int64_t>(i)));
    }
    out.emplace_back(Minute(label), static_cast<int>(c.arrivals[i]));
  }
  return out;
}

json StatisticsView(const CallStatistics& s, const Translate& t) {
  return {{"contributions", s.contributions},
          {"in_campaigns", s.in_campaigns},
          {"campaign_share", Percent(s.CampaignShare())},
          {"unique", s.unique},
          {"unique_share", Percent(s.UniqueShare())},
          {"near_duplicates", s.near_duplicates},
          {"campaigns", s.campaigns},
          {"summary", t("campaigns.stats.summary", {{"unique", std::to_string(s.unique)},
                                                    {"campaign", std::to_string(s.in_campaigns)},
                                                    {"campaigns", std::to_string(s.campaigns)}})}};
}

}  // namespace

json ToJson(const Cluster& c) {
  return {{"id", c.id},
          {"call_id", c.call_id},
          {"campaign", c.is_campaign},
          {"count", c.members},
          {"variants", c.variants},
          {"representative",
           {{"id", c.representative_id},
            {"copies", c.representative_copies},
            {"url", fmt::format("/api/contributions/{}", c.representative_id)}}},
          {"first_arrival", c.first_arrival},
          {"last_arrival", c.last_arrival},
          {"arrivals", {{"bucket_seconds", c.bucket_seconds}, {"counts", c.arrivals}}},
          {"peak_per_minute", c.peak_per_minute},
          {"peak_to_mean", c.peak_to_mean},
          {"burst", c.burst},
          {"updated_at", c.updated_at},
          {"url", fmt::format("/api/campaigns/{}", c.id)},
          {"page", fmt::format("/campaigns/{}", c.id)}};
}

json ToJson(const CallStatistics& s) {
  return {{"contributions", s.contributions},
          {"in_campaigns", s.in_campaigns},
          {"near_duplicates", s.near_duplicates},
          {"unique", s.unique},
          {"campaigns", s.campaigns},
          {"unreadable", s.unreadable},
          {"campaign_share", s.CampaignShare()},
          {"unique_share", s.UniqueShare()}};
}

json ToJson(const Member& m) {
  json edits = json::array();
  for (const Edit& e : m.personal) {
    edits.push_back({{"at", e.position}, {"removed", e.removed}, {"added", e.added}});
  }
  return {{"contribution_id", m.contribution_id},
          {"campaign_id", m.campaign_id},
          {"call_id", m.call_id},
          {"representative", m.is_representative},
          {"in_campaign", m.in_campaign},
          {"added", m.added},
          {"edits", edits}};
}

json CallCampaignsView(const CallCampaigns& cc, const Translate& t) {
  json campaigns = json::array();
  std::vector<std::pair<std::string, int>> sizes;
  for (const CampaignSummary& s : cc.campaigns) {
    const Cluster& c = s.cluster;
    campaigns.push_back({{"id", c.id},
                         {"count", c.members},
                         {"variants", c.variants},
                         {"first", Minute(c.first_arrival)},
                         {"last", Minute(c.last_arrival)},
                         {"first_iso", c.first_arrival},
                         {"last_iso", c.last_arrival},
                         {"peak", c.peak_per_minute},
                         {"burst", c.burst},
                         {"flags", s.consent_flags},
                         {"excerpt", s.representative_excerpt}});
    sizes.emplace_back(t("campaigns.list.campaign", {{"id", std::to_string(c.id)}}),
                       static_cast<int>(c.members));
  }
  return {{"call", {{"id", cc.call.id}, {"title", cc.call.title}}},
          {"stats", StatisticsView(cc.statistics, t)},
          {"campaigns", campaigns},
          {"chart_svg", sizes.empty() ? "" : web::BarChartSvg(sizes)},
          {"json_url", fmt::format("/api/calls/{}/campaigns", cc.call.id)},
          {"export_url", fmt::format("/api/calls/{}/campaigns.jsonl", cc.call.id)},
          {"collapsed_url", fmt::format("/calls/{}/contributions?collapse=campaigns", cc.call.id)}};
}

json CampaignView(const CampaignPage& p, const Translate& t) {
  const Cluster& c = p.cluster;
  json members = json::array();
  for (const MemberView& v : p.members) {
    const Member& m = v.member;
    std::string highlighted = HighlightEdits(p.representative_words, m.personal);
    members.push_back({{"id", m.contribution_id},
                       {"author", v.published ? v.author : t("campaigns.member.not_public", {})},
                       {"published", v.published},
                       {"representative", m.is_representative},
                       {"personal_html", highlighted},
                       {"flags", v.consent_flags}});
  }
  json additions = json::array();
  for (const auto& [phrase, count] : p.top_additions) {
    additions.push_back({{"phrase", phrase}, {"count", count}});
  }
  json buckets = json::array();
  for (const auto& [label, count] : Buckets(c)) {
    buckets.push_back({{"label", label}, {"count", count}});
  }
  json view = {
      {"campaign", ToJson(c)},
      {"call", {{"id", p.call.id}, {"title", p.call.title}}},
      {"first", Minute(c.first_arrival)},
      {"last", Minute(c.last_arrival)},
      {"representative_text", p.representative_text},
      {"members", members},
      {"additions", additions},
      {"buckets", buckets},
      {"chart_svg", web::BarChartSvg(Buckets(c))},
      {"flags", p.consent_flags},
      {"flags_note", p.consent_flags == 0 ? ""
                                          : t("campaigns.consent.campaign_note",
                                              {{"count", std::to_string(p.consent_flags)}})},
      {"json_url", fmt::format("/api/campaigns/{}", c.id)}};
  if (p.more && !p.members.empty()) {
    view["next_url"] =
        fmt::format("/campaigns/{}?after={}", c.id, p.members.back().member.contribution_id);
  }
  return view;
}

json PanelView(int64_t contribution_id, const ContributionStanding& s, std::string_view csrf_token,
               const Translate& t) {
  json view = {{"id", contribution_id},
               {"flags", s.consent_flags},
               {"flags_note",
                s.consent_flags == 0
                    ? ""
                    : t("campaigns.consent.note", {{"count", std::to_string(s.consent_flags)}})}};
  if (!csrf_token.empty()) {
    view["csrf_token"] = csrf_token;
  }
  if (s.member && s.cluster && s.cluster->is_campaign) {
    view["campaign"] = {{"url", fmt::format("/campaigns/{}", s.cluster->id)},
                        {"count", s.cluster->members},
                        {"representative", s.member->is_representative},
                        {"added", s.member->added}};
  }
  return view;
}

}  // namespace plenary::campaigns
