#pragma once

#include "auth/gate.h"
#include "consultation/commands.h"
#include "http/router.h"
#include "web/site.h"

namespace plenary::consultation {

// JSON API: /api/processes/{id}/calls, /api/calls/{id}, /api/calls/{id}/contributions,
// /api/contributions/{id}, /api/contributions/{id}/moderation, /api/search.
void RegisterApiRoutes(http::Router& router, auth::Gate& gate, Context& ctx);
// Pages: /calls/{id} (the call and its form), /calls/{id}/contributions, /contributions/{id},
// /contributions/{id}/files/{file}, /search.
void RegisterPageRoutes(http::Router& router, auth::Gate& gate, Context& ctx,
                        const web::Site& site);

// Who submits, from the gate's caller.
Submitter SubmitterOf(const auth::Caller& caller);
// The secretariat of the caller's process moderates.
bool IsModerator(const auth::Caller& caller);

}  // namespace plenary::consultation
