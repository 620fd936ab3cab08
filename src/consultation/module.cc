#include "consultation/module.h"

#include <memory>

#include "consultation/process_of.h"
#include "consultation/queries.h"
#include "consultation/routes.h"
#include "core/embedded.h"

namespace plenary::consultation {

std::span<const EmbeddedFile> EmbeddedConsultationTemplates();  // generated

Status Install(http::Router& router, web::Site& site, auth::Gate& gate, Context& ctx) {
  RETURN_IF_ERROR(site.AddTemplates(EmbeddedConsultationTemplates(), "consultation/"));
  auto call = std::make_shared<ProcessOf>([&ctx](int64_t id) { return ProcessOfCall(ctx, id); });
  auto contribution =
      std::make_shared<ProcessOf>([&ctx](int64_t id) { return ProcessOfContribution(ctx, id); });
  gate.AddScope("call", [call](int64_t id) { return (*call)(id); });
  gate.AddScope("contribution", [contribution](int64_t id) { return (*contribution)(id); });
  RegisterApiRoutes(router, gate, ctx);
  RegisterPageRoutes(router, gate, ctx, site);
  return Status::Ok();
}

}  // namespace plenary::consultation
