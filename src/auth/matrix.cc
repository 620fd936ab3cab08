#include "auth/matrix.h"

#include <fmt/format.h>

namespace plenary::auth {

nlohmann::json MatrixJson(std::span<const Action* const> actions) {
  nlohmann::json roles = nlohmann::json::array();
  for (Role role : kAllRoles) {
    roles.push_back(RoleCode(role));
  }
  nlohmann::json rows = nlohmann::json::array();
  for (const Action* a : actions) {
    nlohmann::json allowed = nlohmann::json::array();
    for (Role role : kAllRoles) {
      if (AllowsRole(*a, role)) {
        allowed.push_back(RoleCode(role));
      }
    }
    rows.push_back(
        {{"id", a->id},
         {"summary", a->summary},
         {"method", http::MethodName(a->method)},
         {"path", a->path},
         {"process_scoped", IsProcessScoped(*a)},
         {"id_names", IsProcessScoped(*a) ? nlohmann::json(a->id_names) : nlohmann::json()},
         {"allowed", allowed},
         {"example", a->example.empty() ? nlohmann::json() : nlohmann::json(a->example)}});
  }
  return {{"roles", roles}, {"actions", rows}};
}

std::string MatrixMarkdown(std::span<const Action* const> actions) {
  std::string out =
      "# Permissions\n\n"
      "Generated from the code by `plenary permissions --markdown`; a test fails when this page\n"
      "and the code disagree. Each row is one action and the route that performs it; each\n"
      "column a role. *account* is anyone signed in (every role but the public has what it\n"
      "has), *admin* a site administrator; the process roles count in the process the route\n"
      "names (`{id}`). The public gets 401 where it has\n"
      "no tick, a signed-in caller 403. API tokens act for their account in one process only,\n"
      "and read tokens only read.\n\n| Action | Route |";
  for (Role role : kAllRoles) {
    out += fmt::format(" {} |", RoleCode(role));
  }
  out += "\n|---|---|";
  for (size_t i = 0; i < std::size(kAllRoles); ++i) {
    out += ":-:|";
  }
  out += "\n";
  for (const Action* a : actions) {
    out += fmt::format("| `{}`: {} | `{} {}` |", a->id, a->summary, http::MethodName(a->method),
                       a->path);
    for (Role role : kAllRoles) {
      out += AllowsRole(*a, role) ? " ✓ |" : "   |";
    }
    out += "\n";
  }
  return out;
}

}  // namespace plenary::auth
