#include "auth/module.h"

#include <span>

#include "auth/pages.h"
#include "auth/routes.h"
#include "core/embedded.h"

namespace plenary::auth {

std::span<const EmbeddedFile> EmbeddedAuthTemplates();  // generated

Status Install(http::Router& router, web::Site& site, Gate& gate, storage::Database& db,
               const Clock& clock, const AccountsConfig& config, const mail::Mailer& mailer) {
  RETURN_IF_ERROR(site.AddTemplates(EmbeddedAuthTemplates(), "auth/"));
  RegisterRoutes(router, gate, db, clock, config, mailer);
  RegisterResetPages(router, gate, site, db, clock, config, mailer);
  const Action* change_password = nullptr;
  for (const Action& a : AuthActions()) {
    if (a.id == "password.change") {
      change_password = &a;
    }
  }
  RegisterPages(router, gate, site, db, clock, config, *change_password);
  return Status::Ok();
}

}  // namespace plenary::auth
