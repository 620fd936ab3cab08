#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>

#include "auth/accounts.h"
#include "http/request.h"

// Who may do what: one row per action, in one table (README.md). A row names the route that
// performs the action and a valid example request, so the HTTP matrix test
// (tests/e2e/permission_matrix_test.cc) and the docs page (docs/permissions.md) pick it up with
// no further code.
namespace plenary::auth {

// The columns of the matrix. A caller holds kPublic always, kAccount when signed in, kAdmin
// when the account administers the site, and the process roles it holds in the process the
// action concerns.
enum class Role : uint8_t {
  kPublic,
  kAccount,
  kObserver,
  kMember,
  kSecretariat,
  kViceChair,
  kChair,
  kAdmin,
};
inline constexpr Role kAllRoles[] = {Role::kPublic, Role::kAccount,     Role::kObserver,
                                     Role::kMember, Role::kSecretariat, Role::kViceChair,
                                     Role::kChair,  Role::kAdmin};

std::string_view RoleCode(Role role);                    // "public", "account", "observer", ...
std::optional<Role> ProcessRole(std::string_view code);  // one of kRoles, else nullopt

class RoleSet {
 public:
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) {
      bits_ |= Bit(r);
    }
  }
  constexpr RoleSet& Add(Role role) {
    bits_ |= Bit(role);
    return *this;
  }
  constexpr bool Has(Role role) const { return (bits_ & Bit(role)) != 0; }
  constexpr bool Intersects(RoleSet other) const { return (bits_ & other.bits_) != 0; }

 private:
  static constexpr uint16_t Bit(Role r) { return uint16_t(1u << static_cast<unsigned>(r)); }
  uint16_t bits_ = 0;
};

// One row of the matrix.
struct Action {
  std::string_view id;       // "process.update": module.verb
  std::string_view summary;  // what it does, for the docs page
  http::Method method;
  // The route. Process-scoped actions take the process from the `{id}` segment; an action
  // without `{id}` concerns the site. Other `{name}` segments are objects inside the process.
  // When `{id}` names an object inside a process (`id_names`: "call"), the module that owns
  // it tells the gate how to find its process (Gate::AddScope).
  std::string_view path;
  RoleSet allowed;
  // A valid JSON body for the matrix test and the docs ("" for none). "{n}" is replaced by a
  // number unique to each request, so that repeated examples do not collide.
  std::string_view example = "";
  std::string_view id_names = "process";  // what the route's `{id}` is
};

// Does the action's route take the process from the path?
bool IsProcessScoped(const Action& action);

// The roles `principal` holds for an action on `process_id` (nullopt: a site-wide action).
RoleSet RolesOf(const Principal& principal, std::optional<int64_t> process_id);

bool Allows(const Action& action, const Principal& principal, std::optional<int64_t> process_id);
// Whether a caller holding just `role` (and what it implies: every account is also kAccount,
// everyone kPublic) may perform the action: the cell of the rendered matrix.
bool AllowsRole(const Action& action, Role role);

// The row `id` of a module's table. A programming error (abort) when there is none: callers
// name their own module's rows.
const Action& RowOf(std::span<const Action> rows, std::string_view id);

// The auth module's own rows (sessions are open to all and are not in the table).
std::span<const Action> AuthActions();

}  // namespace plenary::auth
