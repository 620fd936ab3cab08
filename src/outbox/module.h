#pragma once

#include <span>

#include "auth/gate.h"
#include "auth/permissions.h"
#include "core/result.h"
#include "http/router.h"
#include "storage/database.h"
#include "web/site.h"

// The mail outbox as the people who answer for it see it: every message the platform has
// recorded, with its delivery status, so that no mail is silently dropped.
namespace plenary::outbox {

// GET /api/outbox and /admin/outbox (site administrators: every message, including password
// resets); GET /api/processes/{id}/outbox and /processes/{id}/outbox (the process's
// secretariat: the mail about that process). ?status=held|pending|sent|failed, ?after=N.
Status Install(http::Router& router, web::Site& site, auth::Gate& gate, storage::Database& db);

// The module's rows of the permission table.
std::span<const auth::Action> Actions();

}  // namespace plenary::outbox
