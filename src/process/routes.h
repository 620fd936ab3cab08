#pragma once

#include "http/router.h"
#include "process/commands.h"
#include "web/site.h"

namespace plenary::process {

// JSON API under /api/processes and /api/countries.
void RegisterApiRoutes(http::Router& router, Context& ctx);
// Pages: "/" (all processes), /processes/{id} (overview), /processes/{id}/composition.
void RegisterPageRoutes(http::Router& router, Context& ctx, const web::Site& site);

}  // namespace plenary::process
