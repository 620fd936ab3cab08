#include "consultation/module.h"

#include "consultation/queries.h"
#include "consultation/routes.h"
#include "core/embedded.h"

namespace plenary::consultation {

std::span<const EmbeddedFile> EmbeddedConsultationTemplates();  // generated

Status Install(http::Router& router, web::Site& site, auth::Gate& gate, Context& ctx) {
  RETURN_IF_ERROR(site.AddTemplates(EmbeddedConsultationTemplates(), "consultation/"));
  gate.AddScope("call", [&ctx](int64_t id) { return ProcessOfCall(ctx, id); });
  gate.AddScope("contribution", [&ctx](int64_t id) { return ProcessOfContribution(ctx, id); });
  RegisterApiRoutes(router, gate, ctx);
  RegisterPageRoutes(router, gate, ctx, site);
  return Status::Ok();
}

}  // namespace plenary::consultation
