#pragma once

#include "auth/accounts.h"
#include "auth/gate.h"
#include "core/result.h"
#include "http/router.h"
#include "mail/mailer.h"
#include "web/site.h"

namespace plenary::auth {

// Wires accounts into the application: the templates into the site, the API (routes.h) and
// the pages (pages.h) into the router. Everything passed must outlive the router.
Status Install(http::Router& router, web::Site& site, Gate& gate, storage::Database& db,
               const Clock& clock, const AccountsConfig& config, const mail::Mailer& mailer);

}  // namespace plenary::auth
