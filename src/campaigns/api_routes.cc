#include <charconv>

#include <fmt/format.h>

#include "campaigns/commands.h"
#include "campaigns/module.h"
#include "campaigns/queries.h"
#include "campaigns/routes.h"
#include "campaigns/views.h"
#include "consultation/queries.h"
#include "http/json_body.h"

namespace plenary::campaigns {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr int64_t kPage = 100;
constexpr int64_t kMaxPage = 1000;
constexpr int64_t kExportPage = 5000;

// A whole number from the query string, or `fallback` when absent; kInvalidArgument names it.
Result<int64_t> QueryNumber(const Request& request, std::string_view name, int64_t fallback,
                            int64_t max) {
  auto text = request.Query(name);
  if (!text || text->empty()) {
    return fallback;
  }
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size() || value < 0 || value > max) {
    return Error(InvalidArgument(
        fmt::format("'{}' must be a whole number from 0 to {}, not '{}'", name, max, *text)));
  }
  return value;
}

Response CallCampaignsJson(Context& ctx, Request& request) {
  auto id = http::PathId(request, "id", "call");
  auto found = id ? ReadCallCampaigns(ctx, *id) : Result<CallCampaigns>(Error(id.error()));
  if (!found) {
    return Response::Error(found.error());
  }
  json campaigns = json::array();
  for (const CampaignSummary& s : found->campaigns) {
    json item = ToJson(s.cluster);
    item["representative"]["excerpt"] = s.representative_excerpt;
    item["consent_flags"] = s.consent_flags;
    campaigns.push_back(std::move(item));
  }
  return Response::Json({{"call_id", found->call.id},
                         {"min_members", ctx.min_members},
                         {"detected_up_to", found->detected_up_to},
                         {"statistics", ToJson(found->statistics)},
                         {"campaigns", campaigns},
                         {"count", campaigns.size()},
                         {"export", fmt::format("/api/calls/{}/campaigns.jsonl", found->call.id)}});
}

Response CampaignJson(Context& ctx, Request& request) {
  auto id = http::PathId(request, "id", "campaign");
  auto after = QueryNumber(request, "after", 0, INT64_MAX);
  auto limit = QueryNumber(request, "limit", kPage, kMaxPage);
  if (!id || !after || !limit) {
    return Response::Error(!id ? id.error() : !after ? after.error() : limit.error());
  }
  auto page = ReadCampaign(ctx, *id, *after, std::max<int64_t>(*limit, 1));
  if (!page) {
    return Response::Error(page.error());
  }
  json members = json::array();
  for (const MemberView& v : page->members) {
    json m = ToJson(v.member);
    m["consent_flags"] = v.consent_flags;
    m["published"] = v.published;
    m["url"] = fmt::format("/api/contributions/{}", v.member.contribution_id);
    members.push_back(std::move(m));
  }
  json additions = json::array();
  for (const auto& [phrase, count] : page->top_additions) {
    additions.push_back({{"phrase", phrase}, {"count", count}});
  }
  json out = ToJson(page->cluster);
  out["representative"]["text"] = page->representative_text;
  out["members"] = members;
  out["top_additions"] = additions;
  out["consent_flags"] = page->consent_flags;
  out["next"] = page->more ? json(fmt::format("/api/campaigns/{}?after={}&limit={}", *id,
                                              page->members.back().member.contribution_id, *limit))
                           : json();
  return Response::Json(out);
}

// One JSON object per line: every cluster of the call ("type": "campaign" or "cluster"), then
// every membership ("type": "member", with the personal part).
Response ExportJsonLines(Context& ctx, Request& request) {
  auto id = http::PathId(request, "id", "call");
  auto found = id ? ReadCallCampaigns(ctx, *id) : Result<CallCampaigns>(Error(id.error()));
  if (!found) {
    return Response::Error(found.error());
  }
  std::string body;
  json head = {{"type", "statistics"}, {"call_id", *id}, {"min_members", ctx.min_members}};
  head.update(ToJson(found->statistics));
  body += head.dump() + "\n";
  for (const CampaignSummary& s : found->campaigns) {
    json line = ToJson(s.cluster);
    line["type"] = "campaign";
    body += line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  }
  for (int64_t after = 0;;) {
    auto page = ReadMemberships(ctx, *id, after, kExportPage);
    if (!page) {
      return Response::Error(page.error());
    }
    for (const Member& m : *page) {
      json line = ToJson(m);
      line["type"] = "member";
      body += line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    }
    if (static_cast<int64_t>(page->size()) < kExportPage) {
      break;
    }
    after = page->back().contribution_id;
  }
  Response r;
  r.body = std::move(body);
  r.headers.Set("content-type", "application/x-ndjson; charset=utf-8");
  r.headers.Set("content-disposition",
                fmt::format("attachment; filename=\"call-{}-campaigns.jsonl\"", *id));
  return r;
}

Response FlagJson(Context& ctx, Request& request, const auth::Caller& caller) {
  auto body = http::ParseJsonBody(request);
  if (!body) {
    return Response::Error(body.error());
  }
  if (!body->is_object()) {
    return Response::Error(InvalidArgument("send a JSON object with 'statement' and 'contact'"));
  }
  auto input = FlagFromFields([&](std::string_view name) {
    auto it = body->find(name);
    return it != body->end() && it->is_string() ? it->get<std::string>() : std::string();
  });
  if (!input) {
    return Response::Error(input.error());
  }
  input->address = request.remote_address;
  auto outcome = FlagConsent(ctx, *caller.object_id, *input);
  if (!outcome) {
    return Response::Error(outcome.error());
  }
  return Response::Json({{"contribution_id", *caller.object_id},
                         {"recorded", !outcome->already},
                         {"consent_flags", outcome->flags}},
                        outcome->already ? 200 : 201);
}

}  // namespace

void RegisterApiRoutes(http::Router& router, auth::Gate& gate, Context& ctx) {
  router.Get("/api/calls/{id}/campaigns", [&ctx](Request& r) { return CallCampaignsJson(ctx, r); });
  router.Get("/api/calls/{id}/campaigns.jsonl",
             [&ctx](Request& r) { return ExportJsonLines(ctx, r); });
  router.Get("/api/campaigns/{id}", [&ctx](Request& r) { return CampaignJson(ctx, r); });
  router.Get("/api/contributions/{id}/consent", [&ctx](Request& request) {
    auto id = http::PathId(request, "id", "contribution");
    auto published = id ? consultation::ReadContribution(ctx.consultation, *id, false)
                        : Result<consultation::Contribution>(Error(id.error()));
    auto standing =
        published ? ReadStanding(ctx, *id) : Result<ContributionStanding>(Error(published.error()));
    if (!standing) {
      return Response::Error(standing.error());
    }
    json out = {{"contribution_id", *id}, {"consent_flags", standing->consent_flags}};
    if (standing->member && standing->cluster) {
      out["cluster"] = ToJson(*standing->cluster);
      out["member"] = ToJson(*standing->member);
    }
    return Response::Json(out);
  });
  gate.Handle(router, Row("campaign.flag_consent"),
              [&ctx](Request& r, const auth::Caller& c) { return FlagJson(ctx, r, c); });
  gate.Handle(router, Row("campaign.read_flags"), [&ctx](Request&, const auth::Caller& caller) {
    auto flags = ReadFlags(ctx, *caller.object_id);
    if (!flags) {
      return Response::Error(flags.error());
    }
    json items = json::array();
    for (const ConsentFlag& f : *flags) {
      items.push_back({{"id", f.id},
                       {"contribution_id", f.contribution_id},
                       {"name", f.name},
                       {"contact", f.contact},
                       {"statement", f.statement},
                       {"created_at", f.created_at}});
    }
    Response r = Response::Json({{"flags", items}, {"count", items.size()}});
    r.headers.Set("cache-control", "private, no-store");
    return r;
  });
}

}  // namespace plenary::campaigns
