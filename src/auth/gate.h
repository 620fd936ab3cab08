#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/actor.h"
#include "auth/accounts.h"
#include "auth/permissions.h"
#include "core/clock.h"
#include "http/form.h"
#include "http/router.h"
#include "storage/database.h"

namespace plenary::auth {

// Who is calling, as the gate established it.
struct Caller {
  Principal principal;
  std::optional<int64_t> process_id;  // from the route's {id}, for process-scoped actions
  std::optional<int64_t> object_id;   // the route's {id} when it names an object (a call)
  std::string csrf_token;             // of the cookie session ("" for tokens and the public)
  std::optional<http::Form> form;     // the parsed body of a form post (read once, by the gate)
  audit::Actor actor() const { return {principal.user_id, principal.PublicLabel()}; }
};

using GatedHandler = std::function<http::Response(http::Request&, const Caller&)>;
// The process an object belongs to (kNotFound naming the object when there is none).
using ScopeResolver = std::function<Result<int64_t>(int64_t object_id)>;

// Puts every route that changes or reveals non-public data behind the permission table.
// For each request it establishes the caller (a `plenary_session` cookie or an
// `Authorization: Bearer` token), checks the action's row, checks the CSRF token of cookie
// writes (the X-CSRF-Token header, or a `csrf_token` form field), and only then runs the
// handler. The public gets 401, a caller without the right 403.
class Gate {
 public:
  Gate(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Teaches the gate how to find the process of `{id}` in rows whose id_names is `kind`.
  // Call before registering such rows.
  void AddScope(std::string_view kind, ScopeResolver resolver);

  // Registers the action's own route.
  void Handle(http::Router& router, const Action& action, GatedHandler handler);
  // Registers another route (a page's form) governed by the same row.
  void HandleAt(http::Router& router, const Action& action, http::Method method,
                std::string_view path, GatedHandler handler);
  // A write anyone may make (signing in, asking for a password reset): declared, so that
  // CheckEveryWriteIsGated knows it is open on purpose.
  void Open(http::Router& router, http::Method method, std::string_view path,
            http::Handler handler);

  // kInternal naming the route when the router holds a write that is neither gated nor open.
  Status CheckEveryWriteIsGated(const http::Router& router) const;

  // The caller of a request, for pages that show more to those signed in (never fails: a
  // bad or expired credential makes the caller the public).
  Caller Identify(const http::Request& request) const;

  // Every action registered, in registration order (for /api/permissions and the docs).
  const std::vector<const Action*>& actions() const { return actions_; }

 private:
  struct Credentials;
  Result<Credentials> Authenticate(const http::Request& request) const;
  http::Response Run(const http::Router& router, const Action& action, const GatedHandler& handler,
                     http::Request& request) const;

  storage::Database& db_;
  const Clock& clock_;
  std::vector<const Action*> actions_;
  std::map<std::string, ScopeResolver, std::less<>> scopes_;
  std::vector<std::pair<http::Method, std::string>> covered_;  // gated or open on purpose
};

}  // namespace plenary::auth
