#pragma once

#include "accreditation/commands.h"
#include "auth/gate.h"
#include "http/router.h"
#include "web/site.h"

namespace plenary::accreditation {

// JSON API under /api/processes/{id}/accreditations, every route behind `gate` (Actions()).
void RegisterApiRoutes(http::Router& router, const Context& ctx, auth::Gate& gate);
// Pages: GET/POST /processes/{id}/accreditation (the request form), GET
// /processes/{id}/accreditations (the secretariat's queue) and POST
// /processes/{id}/accreditations/{request}/decision. All private: never cached or shared.
void RegisterPageRoutes(http::Router& router, const Context& ctx, auth::Gate& gate,
                        const web::Site& site);

}  // namespace plenary::accreditation
