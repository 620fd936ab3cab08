#include "conversation/module.h"

#include "conversation/queries.h"
#include "conversation/routes.h"
#include "core/embedded.h"

namespace plenary::conversation {

std::span<const EmbeddedFile> EmbeddedConversationTemplates();  // generated

Status Install(http::Router& router, web::Site& site, auth::Gate& gate, Context& ctx,
               Analyst& analyst) {
  RETURN_IF_ERROR(site.AddTemplates(EmbeddedConversationTemplates(), "conversation/"));
  gate.AddScope("conversation", [&ctx](int64_t id) { return ProcessOfConversation(ctx, id); });
  RegisterApiRoutes(router, gate, ctx, analyst);
  RegisterPageRoutes(router, gate, ctx, analyst, site);
  return Status::Ok();
}

}  // namespace plenary::conversation
