#pragma once

#include "core/result.h"
#include "http/router.h"
#include "storage/database.h"
#include "web/site.h"

namespace plenary::audit {

// Wires the audit trail into the application: its template into the site, and
//   GET /api/audit?object_type=T&object_id=ID   one object's history (JSON)
//   GET /api/processes/{id}/audit?after=N&limit=M  a process's entries, paged (JSON)
//   GET /history/{object_type}/{object_id}       one object's history (page)
// `site` and `db` must outlive the router.
Status Install(http::Router& router, web::Site& site, storage::Database& db);

}  // namespace plenary::audit
