#pragma once

#include "auth/accounts.h"
#include "http/router.h"

namespace plenary::auth {

inline constexpr std::string_view kSessionCookie = "plenary_session";

// POST /api/session {"email", "password"}: signs in; sets the HttpOnly session cookie and
// returns {"user", "csrf_token"}. GET /api/session: who is signed in (401 when nobody).
// DELETE /api/session: signs out; needs the X-CSRF-Token header. `db`, `clock` and `config`
// must outlive the router.
void RegisterSessionRoutes(http::Router& router, storage::Database& db, const Clock& clock,
                           const AccountsConfig& config);

}  // namespace plenary::auth
