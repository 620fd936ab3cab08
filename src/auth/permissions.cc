#include "auth/permissions.h"

#include <cstdlib>

namespace plenary::auth {

std::string_view RoleCode(Role role) {
  switch (role) {
    case Role::kPublic:
      return "public";
    case Role::kAccount:
      return "account";
    case Role::kObserver:
      return "observer";
    case Role::kMember:
      return "member";
    case Role::kSecretariat:
      return "secretariat";
    case Role::kViceChair:
      return "vice_chair";
    case Role::kChair:
      return "chair";
    case Role::kAdmin:
      return "admin";
  }
  return "public";
}

std::optional<Role> ProcessRole(std::string_view code) {
  for (Role r :
       {Role::kObserver, Role::kMember, Role::kSecretariat, Role::kViceChair, Role::kChair}) {
    if (RoleCode(r) == code) {
      return r;
    }
  }
  return std::nullopt;
}

bool IsProcessScoped(const Action& action) {
  return action.path.find("{id}") != std::string_view::npos;
}

RoleSet RolesOf(const Principal& principal, std::optional<int64_t> process_id) {
  RoleSet set{Role::kPublic};
  if (!principal.signed_in()) {
    return set;
  }
  set.Add(Role::kAccount);
  if (principal.site_admin) {
    set.Add(Role::kAdmin);
  }
  if (process_id) {
    auto it = principal.roles.find(*process_id);
    if (it != principal.roles.end()) {
      for (const std::string& code : it->second) {
        if (auto role = ProcessRole(code)) {
          set.Add(*role);
        }
      }
    }
  }
  return set;
}

bool Allows(const Action& action, const Principal& principal, std::optional<int64_t> process_id) {
  return action.allowed.Intersects(RolesOf(principal, process_id));
}

const Action& RowOf(std::span<const Action> rows, std::string_view id) {
  for (const Action& a : rows) {
    if (a.id == id) {
      return a;
    }
  }
  std::abort();
}

bool AllowsRole(const Action& action, Role role) {
  RoleSet held{Role::kPublic, role};
  if (role != Role::kPublic) {
    held.Add(Role::kAccount);
  }
  return action.allowed.Intersects(held);
}

namespace {

using enum Role;
using http::Method;

// clang-format off
constexpr Action kAuthActions[] = {
  {"role.grant", "Give an account a role in a process", Method::kPost,
   "/api/processes/{id}/roles", {kSecretariat, kAdmin},
   R"({"email": "grantee@example.org", "role": "observer"})"},
  {"token.create", "Create an API token for a process (shown once)", Method::kPost,
   "/api/tokens", {kAccount},
   R"({"process_id": {process}, "scope": "read", "label": "matrix {n}"})"},
  {"token.list", "List one's own API tokens", Method::kGet, "/api/tokens", {kAccount}},
  {"token.revoke", "Revoke one of one's own API tokens", Method::kDelete,
   "/api/tokens/{token}", {kAccount}},
  {"password.change", "Change one's own password", Method::kPost, "/api/account/password",
   {kAccount}, R"({"current_password": "{password}", "new_password": "{password}"})"},
};
// clang-format on

}  // namespace

std::span<const Action> AuthActions() {
  return kAuthActions;
}

}  // namespace plenary::auth
