#include "accreditation/module.h"

#include <span>

#include "accreditation/routes.h"
#include "core/embedded.h"

namespace plenary::accreditation {

std::span<const EmbeddedFile> EmbeddedAccreditationTemplates();  // generated

Status Install(http::Router& router, web::Site& site, auth::Gate& gate, const Context& ctx) {
  RETURN_IF_ERROR(site.AddTemplates(EmbeddedAccreditationTemplates(), "accreditation/"));
  RegisterApiRoutes(router, ctx, gate);
  RegisterPageRoutes(router, ctx, gate, site);
  return Status::Ok();
}

}  // namespace plenary::accreditation
