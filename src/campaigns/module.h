#pragma once

#include <span>

#include "auth/gate.h"
#include "auth/permissions.h"
#include "campaigns/context.h"
#include "core/result.h"
#include "http/router.h"
#include "web/site.h"

// Mass comment campaigns: detection as contributions arrive, campaign pages, statistics,
// exports and consent flags (README.md).
namespace plenary::campaigns {

// Wires the module in: templates, the JSON API, the pages, and the panel that
// ctx.consultation's contribution page shows. Install after consultation (it uses the gate's
// "call" and "contribution" scopes). `ctx` and `site` must outlive the router.
Status Install(http::Router& router, web::Site& site, auth::Gate& gate, Context& ctx);

// The module's rows of the permission table.
std::span<const auth::Action> Actions();
const auth::Action& Row(std::string_view id);

}  // namespace plenary::campaigns
