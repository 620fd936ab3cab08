#pragma once

#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/permissions.h"

// The permission table rendered for people and programs: GET /api/permissions and
// docs/permissions.md (`plenary permissions --markdown`) come from here.
namespace plenary::auth {

// {"roles": [...], "actions": [{"id", "summary", "method", "path", "process_scoped",
// "allowed": [role codes], "example": <JSON or null>}]}
nlohmann::json MatrixJson(std::span<const Action* const> actions);
// A Markdown page: one row per action, one column per role, ✓ where allowed.
std::string MatrixMarkdown(std::span<const Action* const> actions);

}  // namespace plenary::auth
