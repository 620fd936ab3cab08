#include "process/module.h"

#include <span>

#include "core/embedded.h"
#include "process/routes.h"
#include "process/store.h"

namespace plenary::process {

std::span<const EmbeddedFile> EmbeddedProcessTemplates();  // generated

Status Install(http::Router& router, web::Site& site, Context& ctx, auth::Gate& gate) {
  RETURN_IF_ERROR(site.AddTemplates(EmbeddedProcessTemplates(), "process/"));
  RegisterApiRoutes(router, ctx, gate);
  RegisterPageRoutes(router, ctx, site);
  return Status::Ok();
}

Status LoadReferenceData(storage::Database& db) {
  return db.Transaction([](storage::Connection& c) { return store::LoadCountries(c); });
}

}  // namespace plenary::process
