#pragma once

#include <span>

#include "auth/gate.h"
#include "auth/permissions.h"
#include "consultation/commands.h"
#include "core/result.h"
#include "http/router.h"
#include "web/site.h"

// Calls for contributions: intake, publication, moderation and search (README.md).
namespace plenary::consultation {

// Wires the module in: templates, the JSON API, the pages; teaches the gate the scopes "call"
// and "contribution". `ctx` and `site` must outlive the router.
Status Install(http::Router& router, web::Site& site, auth::Gate& gate, Context& ctx);

// The module's rows of the permission table.
std::span<const auth::Action> Actions();
const auth::Action& Row(std::string_view id);

}  // namespace plenary::consultation
