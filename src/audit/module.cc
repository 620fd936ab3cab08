#include "audit/module.h"

#include <span>

#include "audit/routes.h"
#include "core/embedded.h"

namespace plenary::audit {

std::span<const EmbeddedFile> EmbeddedAuditTemplates();  // generated

Status Install(http::Router& router, web::Site& site, storage::Database& db) {
  RETURN_IF_ERROR(site.AddTemplates(EmbeddedAuditTemplates(), "audit/"));
  RegisterApiRoutes(router, db);
  RegisterPageRoutes(router, db, site);
  return Status::Ok();
}

}  // namespace plenary::audit
