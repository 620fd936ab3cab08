#pragma once

#include "auth/accounts.h"
#include "auth/gate.h"
#include "http/router.h"
#include "mail/mailer.h"

namespace plenary::auth {

// The module's routes. `db`, `clock`, `config` and `gate` must outlive the router.
//   POST /api/session {"email", "password"}: signs in; sets the HttpOnly session cookie and
//     returns {"user", "csrf_token"}. GET: who is signed in (401 when nobody). DELETE: signs
//     out (needs X-CSRF-Token).
//   POST /api/password-reset {"email"}: mails a single-use link (202 whatever the email).
//   POST /api/password-reset/confirm {"token", "new_password"}.
//   GET /api/permissions: the permission table, as registered with the gate.
//   The rows of AuthActions(): roles, API tokens, password change.
void RegisterRoutes(http::Router& router, Gate& gate, storage::Database& db, const Clock& clock,
                    const AccountsConfig& config, const mail::Mailer& mailer);

}  // namespace plenary::auth
