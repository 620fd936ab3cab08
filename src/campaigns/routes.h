#pragma once

#include <string>

#include "auth/gate.h"
#include "campaigns/context.h"
#include "http/router.h"
#include "web/site.h"

namespace plenary::campaigns {

// JSON API: /api/calls/{id}/campaigns, /api/calls/{id}/campaigns.jsonl, /api/campaigns/{id},
// /api/contributions/{id}/consent, /api/contributions/{id}/consent-flag,
// /api/calls/{id}/consent-flags.
void RegisterApiRoutes(http::Router& router, auth::Gate& gate, Context& ctx);
// Pages: /calls/{id}/campaigns, /campaigns/{id}, the form post /contributions/{id}/consent-flag.
void RegisterPageRoutes(http::Router& router, auth::Gate& gate, Context& ctx,
                        const web::Site& site);
// The panel of a contribution's page (HTML): its campaign, its consent flags, the flag form.
std::string RenderPanel(Context& ctx, const web::Site& site, const auth::Gate& gate,
                        const http::Request& request, int64_t contribution_id);

}  // namespace plenary::campaigns
