#include <fmt/format.h>

#include "campaigns/commands.h"
#include "campaigns/module.h"
#include "campaigns/queries.h"
#include "campaigns/routes.h"
#include "campaigns/views.h"
#include "http/json_body.h"

namespace plenary::campaigns {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr int64_t kMembersPerPage = 50;

Translate TranslatorFor(const web::Site& site, const Request& request) {
  std::string language(site.LanguageFor(request));
  return [&site, language](std::string_view key, const i18n::Args& args) {
    return site.catalog().Get(language, key, args);
  };
}

class Pages {
 public:
  Pages(Context& ctx, const web::Site& site) : ctx_(ctx), site_(site) {}

  Response CallCampaigns(const Request& request) const {
    auto id = http::PathId(request, "id", "call");
    auto found =
        id ? ReadCallCampaigns(ctx_, *id) : Result<campaigns::CallCampaigns>(Error(id.error()));
    if (!found) {
      return site_.RespondError(request, found.error());
    }
    Translate t = TranslatorFor(site_, request);
    Response r = site_.Page(request, "campaigns/campaigns.html", CallCampaignsView(*found, t),
                            t("campaigns.list.heading", {{"title", found->call.title}}));
    r.shared_cache = false;  // detection writes without the server's cache knowing
    return r;
  }

  Response Campaign(const Request& request) const {
    auto id = http::PathId(request, "id", "campaign");
    if (!id) {
      return site_.RespondError(request, id.error());
    }
    int64_t after =
        std::max<int64_t>(0, std::atoll(std::string(request.Query("after").value_or("0")).c_str()));
    auto page = ReadCampaign(ctx_, *id, after, kMembersPerPage);
    if (!page) {
      return site_.RespondError(request, page.error());
    }
    Translate t = TranslatorFor(site_, request);
    Response r = site_.Page(request, "campaigns/campaign.html", CampaignView(*page, t),
                            t("campaigns.campaign.heading", {{"id", std::to_string(*id)}}));
    r.shared_cache = false;
    return r;
  }

  // The form on a contribution's page.
  Response Flag(const Request& request, const auth::Caller& caller) const {
    Translate t = TranslatorFor(site_, request);
    const int64_t id = *caller.object_id;
    auto input = caller.form ? FlagFromFields([&](std::string_view name) {
      return std::string(caller.form->Field(name).value_or(""));
    })
                             : Result<FlagRequest>(Error(InvalidArgument("send the form")));
    Result<FlagOutcome> outcome = input ? [&] {
      input->address = request.remote_address;
      return FlagConsent(ctx_, id, *input);
    }()
                                        : Result<FlagOutcome>(Error(input.error()));
    json context = {{"id", id}, {"url", fmt::format("/contributions/{}", id)}};
    int status = 201;
    if (!outcome) {
      if (outcome.error().code() == StatusCode::kNotFound) {
        return site_.RespondError(request, outcome.error());
      }
      context["error"] = std::string(outcome.error().message());
      status = http::HttpStatusFor(outcome.error().code());
    } else {
      context["flags_note"] =
          t("campaigns.consent.note", {{"count", std::to_string(outcome->flags)}});
      context["already"] = outcome->already;
    }
    Response r = site_.Page(request, "campaigns/flagged.html", context,
                            t("campaigns.consent.recorded_title", {}));
    r.status = status;
    r.shared_cache = false;
    r.headers.Set("cache-control", "private, no-store");
    return r;
  }

 private:
  Context& ctx_;
  const web::Site& site_;
};

}  // namespace

std::string RenderPanel(Context& ctx, const web::Site& site, const auth::Gate& gate,
                        const http::Request& request, int64_t contribution_id) {
  auto standing = ReadStanding(ctx, contribution_id);
  if (!standing) {
    return "";
  }
  auth::Caller caller = gate.Identify(request);
  Translate t = TranslatorFor(site, request);
  auto html = site.RenderFragment("campaigns/panel.html",
                                  PanelView(contribution_id, *standing, caller.csrf_token, t),
                                  site.LanguageFor(request));
  return html ? *html : "";
}

void RegisterPageRoutes(http::Router& router, auth::Gate& gate, Context& ctx,
                        const web::Site& site) {
  auto pages = std::make_shared<Pages>(ctx, site);
  router.Get("/calls/{id}/campaigns", [pages](Request& r) { return pages->CallCampaigns(r); });
  router.Get("/campaigns/{id}", [pages](Request& r) { return pages->Campaign(r); });
  gate.HandleAt(router, Row("campaign.flag_consent"), http::Method::kPost,
                "/contributions/{id}/consent-flag",
                [pages](Request& r, const auth::Caller& c) { return pages->Flag(r, c); });
}

}  // namespace plenary::campaigns
