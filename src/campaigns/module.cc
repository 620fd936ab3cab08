#include "campaigns/module.h"

#include "campaigns/routes.h"
#include "core/embedded.h"

namespace plenary::campaigns {

std::span<const EmbeddedFile> EmbeddedCampaignTemplates();  // generated

Status Install(http::Router& router, web::Site& site, auth::Gate& gate, Context& ctx) {
  RETURN_IF_ERROR(site.AddTemplates(EmbeddedCampaignTemplates(), "campaigns/"));
  RegisterApiRoutes(router, gate, ctx);
  RegisterPageRoutes(router, gate, ctx, site);
  ctx.consultation.contribution_panel = [&ctx, &site, &gate](const http::Request& request,
                                                             int64_t contribution_id) {
    return RenderPanel(ctx, site, gate, request, contribution_id);
  };
  return Status::Ok();
}

}  // namespace plenary::campaigns
