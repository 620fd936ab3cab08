#pragma once

#include <span>
#include <string_view>

#include "accreditation/commands.h"
#include "auth/gate.h"
#include "auth/permissions.h"
#include "core/result.h"
#include "http/router.h"
#include "web/site.h"

namespace plenary::accreditation {

// Wires the module into the application: its templates into the site, its API and pages into
// the router, every route but the request form's GET behind `gate`. `ctx` is copied; what it
// refers to, and `site` and `gate`, must outlive the router.
Status Install(http::Router& router, web::Site& site, auth::Gate& gate, const Context& ctx);

// The module's rows of the permission table (permissions.cc).
std::span<const auth::Action> Actions();
// The row with this id; aborts on an id that is not one of Actions() (a programming error).
const auth::Action& Row(std::string_view id);

}  // namespace plenary::accreditation
