#pragma once

#include <string>

#include "auth/gate.h"
#include "conversation/analyst.h"
#include "conversation/commands.h"
#include "http/router.h"
#include "web/site.h"

namespace plenary::conversation {

// The cookie of an anonymous participant: a server-issued random token (only its SHA-256 is
// stored), HttpOnly, SameSite=Lax, for a year.
inline constexpr std::string_view kParticipantCookie = "plenary_participant";

// JSON API: /api/processes/{id}/conversations, /api/conversations/{id}[/statements, /seeds,
// /statements/{statement}/moderation, /participants, /next, /votes, /votes/batch, /analysis,
// /results, /results/{snapshot}, /snapshots].
void RegisterApiRoutes(http::Router& router, auth::Gate& gate, Context& ctx, Analyst& analyst);
// Pages: /processes/{id}/conversations, /conversations/{id} (voting, with its three forms),
// /conversations/{id}/results and /conversations/{id}/results/{snapshot}.
void RegisterPageRoutes(http::Router& router, auth::Gate& gate, Context& ctx, Analyst& analyst,
                        const web::Site& site);

// Who votes, from the gate's caller and the request (an account, or the anonymous participant's
// token from X-Participant-Token or the cookie).
Voter VoterOf(const auth::Caller& caller, const http::Request& request);
// The secretariat of the caller's process moderates and sends batches.
bool IsSecretariat(const auth::Caller& caller);

}  // namespace plenary::conversation
