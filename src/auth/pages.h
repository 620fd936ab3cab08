#pragma once

#include "auth/accounts.h"
#include "auth/gate.h"
#include "http/router.h"
#include "mail/mailer.h"
#include "web/site.h"

namespace plenary::auth {

// The pages of accounts: GET/POST /sign-in (a double-submit cookie guards the form before any
// session exists), GET /account (who you are, your roles, the password and sign-out forms),
// POST /account/password (governed by `change_password`'s row) and POST /sign-out. All of
// them are private: never cached, never shared.
void RegisterPages(http::Router& router, Gate& gate, const web::Site& site, storage::Database& db,
                   const Clock& clock, const AccountsConfig& config, const Action& change_password);

// GET/POST /password-reset (ask for a link by mail) and /password-reset/confirm?token=...
// (choose a new password). Open to all; the forms carry the login double-submit value.
void RegisterResetPages(http::Router& router, Gate& gate, const web::Site& site,
                        storage::Database& db, const Clock& clock, const AccountsConfig& config,
                        const mail::Mailer& mailer);

}  // namespace plenary::auth
