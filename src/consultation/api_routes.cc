#include <charconv>

#include <fmt/format.h>

#include "consultation/module.h"
#include "consultation/queries.h"
#include "consultation/routes.h"
#include "http/json_body.h"

namespace plenary::consultation {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Response Public(const json& body) {
  Response r = Response::Json(body);
  r.shared_cache = true;
  return r;
}

Result<std::optional<int64_t>> QueryInt(const Request& request, std::string_view name) {
  auto text = request.Query(name);
  if (!text || text->empty()) {
    return std::optional<int64_t>();
  }
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size() || value < 0) {
    return Error(
        InvalidArgument(fmt::format("'{}' must be a whole number, not '{}'", name, *text)));
  }
  return std::optional<int64_t>(value);
}

std::string QueryText(const Request& request, std::string_view name) {
  return std::string(request.Query(name).value_or(""));
}

json Counts(const std::vector<std::pair<std::string, int64_t>>& counts) {
  json out = json::array();
  for (const auto& [key, n] : counts) {
    out.push_back({{"key", key}, {"count", n}});
  }
  return out;
}

Response ReceiptResponse(const Result<Receipt>& receipt) {
  if (!receipt) {
    return Response::Error(receipt.error());
  }
  Response r = Response::Json({{"id", receipt->id},
                               {"receipt", receipt->receipt},
                               {"status", Code(receipt->status)},
                               {"url", fmt::format("/contributions/{}", receipt->id)}},
                              receipt->replayed ? 200 : 201);
  r.headers.Set("location", fmt::format("/api/contributions/{}", receipt->id));
  if (receipt->replayed) {
    r.headers.Set("idempotent-replayed", "true");
  }
  return r;
}

// Checks and analyses on this thread; the answer comes once the shared commit holding the
// contribution is durable, without holding the thread until then.
Response SubmitJson(Context& ctx, Request& request, const auth::Caller& caller) {
  auto input = caller.form ? ContributionFromForm(*caller.form) : [&]() -> Result<NewContribution> {
    ASSIGN_OR_RETURN(json body, http::ParseJsonBody(request));
    return ContributionFromJson(body);
  }();
  if (!input) {
    return Response::Error(input.error());
  }
  auto submission =
      PrepareSubmission(ctx, SubmitterOf(caller), *caller.object_id, std::move(*input),
                        request.headers.Get("idempotency-key").value_or(""));
  if (!submission) {
    return Response::Error(submission.error());
  }
  return Response::Later([submission = std::move(*submission)](http::Reply reply) mutable {
    CommitSubmission(std::move(submission), [reply = std::move(reply)](Result<Receipt> receipt) {
      reply(ReceiptResponse(receipt));
    });
  });
}

Response ListJson(Context& ctx, Request& request) {
  auto id = http::PathId(request, "id", "call");
  auto question = QueryInt(request, "question");
  auto after = QueryInt(request, "after");
  if (!id || !question || !after) {
    return Response::Error(!id ? id.error() : !question ? question.error() : after.error());
  }
  store::ListFilter filter;
  filter.call_id = *id;
  if (*question) {
    filter.question = static_cast<int>(**question);
  }
  filter.stakeholder_group = QueryText(request, "stakeholder_group");
  filter.country = QueryText(request, "country");
  filter.language = QueryText(request, "language");
  filter.region = QueryText(request, "region");
  filter.development = QueryText(request, "development");
  filter.after_id = after->value_or(0);
  std::string collapse = QueryText(request, "collapse");
  if (!collapse.empty() && collapse != "campaigns") {
    return Response::Error(InvalidArgument(
        fmt::format("'collapse' must be 'campaigns' (or absent), not '{}'", collapse)));
  }
  filter.collapse_campaigns = !collapse.empty();
  auto listing = ListContributions(ctx, filter);
  if (!listing) {
    return Response::Error(listing.error());
  }
  json items = json::array();
  for (const Contribution& c : listing->items) {
    items.push_back(ToJson(c));
    for (const store::CampaignBadge& badge : listing->campaigns) {
      if (badge.contribution_id == c.id) {
        items.back()["campaign"] = {{"id", badge.campaign_id},
                                    {"count", badge.members},
                                    {"url", fmt::format("/api/campaigns/{}", badge.campaign_id)}};
      }
    }
  }
  json withheld = json::array();
  for (const auto& [reason, n] : listing->withheld) {
    withheld.push_back(
        {{"reason", reason.empty() ? json("awaiting moderation") : json(reason)}, {"count", n}});
  }
  bool more = static_cast<int64_t>(listing->items.size()) == filter.limit;
  return Public(
      {{"contributions", items},
       {"count", items.size()},
       {"matching", listing->matching},
       {"next", more ? json(fmt::format("{}?{}after={}", request.path,
                                        filter.collapse_campaigns ? "collapse=campaigns&" : "",
                                        listing->items.back().id))
                     : json()},
       {"by_stakeholder_group", Counts(listing->by_group)},
       {"by_language", Counts(listing->by_language)},
       {"by_country", Counts(listing->by_country)},
       {"not_published", withheld}});
}

Response SearchJson(Context& ctx, Request& request) {
  auto process = QueryInt(request, "process");
  auto call = QueryInt(request, "call");
  auto page = QueryInt(request, "page");
  auto question = QueryInt(request, "question");
  for (const auto* number : {&process, &call, &page, &question}) {
    if (!*number) {
      return Response::Error(number->error());
    }
  }
  if (!*process) {
    return Response::Error(InvalidArgument("give 'process', the process to search in"));
  }
  // Pages are ranked in memory up to the last hit asked for: bounded, like any search engine's.
  constexpr int64_t kLastPage = 500;
  if (page->value_or(1) < 1 || page->value_or(1) > kLastPage) {
    return Response::Error(
        InvalidArgument(fmt::format("'page' must be between 1 and {}", kLastPage)));
  }
  store::SearchFilter filter;
  filter.process_id = **process;
  filter.call_id = *call;
  if (*question) {
    filter.question = static_cast<int>(**question);
  }
  filter.stakeholder_group = QueryText(request, "stakeholder_group");
  filter.country = QueryText(request, "country");
  filter.region = QueryText(request, "region");
  filter.development = QueryText(request, "development");
  filter.language = QueryText(request, "language");
  filter.offset = (page->value_or(1) - 1) * filter.limit;
  auto hits = Search(ctx, QueryText(request, "q"), filter);
  if (!hits) {
    return Response::Error(hits.error());
  }
  json items = json::array();
  for (const SearchHit& h : *hits) {
    items.push_back({{"id", h.id},
                     {"call_id", h.call_id},
                     {"receipt", h.receipt},
                     {"author", h.author.empty() ? json() : json(h.author)},
                     {"organisation", h.organisation},
                     {"language", h.language},
                     {"score", h.score},
                     {"snippet", h.snippet_text},
                     {"snippet_html", h.snippet},
                     {"url", fmt::format("/contributions/{}", h.id)}});
  }
  return Public({{"hits", items}, {"count", items.size()}});
}

}  // namespace

Submitter SubmitterOf(const auth::Caller& caller) {
  Submitter who;
  const auth::Principal& p = caller.principal;
  if (p.signed_in()) {
    who.user_id = p.user_id;
    int64_t process = caller.process_id.value_or(0);
    who.member = p.HasRole(process, "member") || p.HasRole(process, "chair") ||
                 p.HasRole(process, "vice_chair");
    who.observer = p.HasRole(process, "observer");
    who.actor = caller.actor();
  } else {
    who.actor = {0, "public contributor"};
  }
  return who;
}

bool IsModerator(const auth::Caller& caller) {
  return caller.process_id && caller.principal.HasRole(*caller.process_id, "secretariat");
}

void RegisterApiRoutes(http::Router& router, auth::Gate& gate, Context& ctx) {
  router.Get("/api/processes/{id}/calls", [&ctx](Request& request) {
    auto id = http::PathId(request, "id", "process");
    auto calls = id ? ReadCalls(ctx, *id) : Result<std::vector<Call>>(Error(id.error()));
    if (!calls) {
      return Response::Error(calls.error());
    }
    json items = json::array();
    for (const Call& c : *calls) {
      items.push_back(ToJson(c, StateAt(c, ctx.clock.Now())));
    }
    return Public({{"calls", items}, {"count", items.size()}});
  });
  gate.Handle(router, Row("call.create"), [&ctx](Request& request, const auth::Caller& caller) {
    auto body = http::ParseJsonBody(request);
    auto call = body ? CreateCall(ctx, caller.actor(), *caller.process_id, *body)
                     : Result<Call>(Error(body.error()));
    if (!call) {
      return Response::Error(call.error());
    }
    Response r = Response::Json(ToJson(*call, StateAt(*call, ctx.clock.Now())), 201);
    r.headers.Set("location", fmt::format("/api/calls/{}", call->id));
    return r;
  });
  router.Get("/api/calls/{id}", [&ctx](Request& request) {
    auto id = http::PathId(request, "id", "call");
    auto call = id ? ReadCall(ctx, *id) : Result<Call>(Error(id.error()));
    // Not cached: the state changes with the clock.
    return call ? Response::Json(ToJson(*call, StateAt(*call, ctx.clock.Now())))
                : Response::Error(call.error());
  });
  gate.Handle(router, Row("contribution.submit"),
              [&ctx](Request& r, const auth::Caller& c) { return SubmitJson(ctx, r, c); });
  router.Get("/api/calls/{id}/contributions", [&ctx](Request& r) { return ListJson(ctx, r); });
  router.Get("/api/contributions/{id}", [&ctx, &gate](Request& request) {
    auto id = http::PathId(request, "id", "contribution");
    if (!id) {
      return Response::Error(id.error());
    }
    auth::Caller caller = gate.Identify(request);
    auto process = ProcessOfContribution(ctx, *id);
    caller.process_id = process ? std::optional<int64_t>(*process) : std::nullopt;
    auto found = ReadContribution(ctx, *id, IsModerator(caller));
    if (!found) {
      return Response::Error(found.error());
    }
    return found->status == ContributionStatus::kPublished ? Public(ToJson(*found))
                                                           : Response::Json(ToJson(*found));
  });
  gate.Handle(
      router, Row("contribution.moderate"), [&ctx](Request& request, const auth::Caller& caller) {
        auto body = http::ParseJsonBody(request);
        if (!body) {
          return Response::Error(body.error());
        }
        auto text = [&](const char* key) {
          auto it = body->find(key);
          return it != body->end() && it->is_string() ? it->get<std::string>() : std::string();
        };
        auto updated =
            Moderate(ctx, caller.actor(), *caller.object_id, text("decision"), text("reason"));
        return updated ? Response::Json(ToJson(*updated)) : Response::Error(updated.error());
      });
  router.Get("/api/search", [&ctx](Request& r) { return SearchJson(ctx, r); });
}

}  // namespace plenary::consultation
