#pragma once

#include <span>

#include "auth/gate.h"
#include "auth/permissions.h"
#include "core/result.h"
#include "http/router.h"
#include "process/commands.h"
#include "web/site.h"

namespace plenary::process {

// Wires the module into the application: its templates into the site, its API and pages into
// the router. `ctx` and `site` must outlive the router.
Status Install(http::Router& router, web::Site& site, Context& ctx, auth::Gate& gate);

// The module's rows of the permission table (permissions.cc).
std::span<const auth::Action> Actions();

// Reference data the module needs in the database (UN M49 countries); idempotent.
Status LoadReferenceData(storage::Database& db);

}  // namespace plenary::process
