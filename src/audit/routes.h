#pragma once

#include "http/router.h"
#include "storage/database.h"
#include "web/site.h"

namespace plenary::audit {

// JSON: /api/audit and /api/processes/{id}/audit.
void RegisterApiRoutes(http::Router& router, storage::Database& db);
// Pages: /history/{object_type}/{object_id}.
void RegisterPageRoutes(http::Router& router, storage::Database& db, const web::Site& site);

}  // namespace plenary::audit
