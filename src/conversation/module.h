#pragma once

#include <span>

#include "auth/gate.h"
#include "auth/permissions.h"
#include "conversation/analyst.h"
#include "conversation/commands.h"
#include "core/result.h"
#include "http/router.h"
#include "web/site.h"

// Opinion conversations: statements, participants, votes, the opinion map (README.md).
namespace plenary::conversation {

// Wires the module in: templates, the JSON API, the pages; teaches the gate the scope
// "conversation". `ctx`, `analyst` and `site` must outlive the router.
Status Install(http::Router& router, web::Site& site, auth::Gate& gate, Context& ctx,
               Analyst& analyst);

// The module's rows of the permission table.
std::span<const auth::Action> Actions();
const auth::Action& Row(std::string_view id);

}  // namespace plenary::conversation
