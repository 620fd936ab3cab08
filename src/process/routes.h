#pragma once

#include "auth/gate.h"
#include "http/router.h"
#include "process/commands.h"
#include "web/site.h"

namespace plenary::process {

// JSON API under /api/processes and /api/countries.
// Writes go through `gate` (the rows of Actions()).
void RegisterApiRoutes(http::Router& router, Context& ctx, auth::Gate& gate);
// Pages: "/" (all processes), /processes/{id} (overview), /processes/{id}/composition.
void RegisterPageRoutes(http::Router& router, Context& ctx, const web::Site& site);

}  // namespace plenary::process
