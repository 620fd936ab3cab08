#include "auth/gate.h"

#include <algorithm>

#include <fmt/format.h>

#include "auth/tokens.h"
#include "core/text.h"
#include "http/json_body.h"

namespace plenary::auth {

// What a request proves about its caller.
struct Gate::Credentials {
  Principal principal;
  std::string csrf_token;          // of a cookie session
  std::optional<TokenInfo> token;  // of a bearer token
};

namespace {

using http::Method;
using http::Request;
using http::Response;

bool IsSafe(Method method) {
  return method == Method::kGet || method == Method::kHead;
}

bool IsFormPost(const Request& request) {
  std::string type = AsciiLower(request.headers.Get("content-type").value_or(""));
  return type.starts_with("application/x-www-form-urlencoded") ||
         type.starts_with("multipart/form-data");
}

std::string AllowedList(const Action& action) {
  std::string out;
  for (Role role : kAllRoles) {
    if (action.allowed.Has(role)) {
      out += out.empty() ? "" : ", ";
      out += RoleCode(role);
    }
  }
  return out;
}

// The refusal for a caller the row does not allow.
Status Refusal(const Action& action, const Principal& principal) {
  if (!principal.signed_in()) {
    return Unauthenticated(fmt::format("sign in to do this ({})", action.summary));
  }
  return PermissionDenied(
      fmt::format("'{}' is for: {}; your account holds none of these roles here", action.id,
                  AllowedList(action)));
}

// Restricts a token's account to what the token may do on this request.
Status CheckToken(const TokenInfo& token, std::optional<int64_t> process, Method method) {
  if (!process || *process != token.process_id) {
    return PermissionDenied(
        fmt::format("this API token is scoped to process {}", token.process_id));
  }
  if (token.scope == TokenScope::kRead && !IsSafe(method)) {
    return PermissionDenied("this API token may only read");
  }
  return Status::Ok();
}

}  // namespace

Result<Gate::Credentials> Gate::Authenticate(const Request& request) const {
  Credentials out;
  if (auto header = request.headers.Get("authorization")) {
    std::string_view value = Trim(*header);
    if (!AsciiLower(value.substr(0, 7)).starts_with("bearer ")) {
      return Error(Unauthenticated("the Authorization header must be 'Bearer <token>'"));
    }
    ASSIGN_OR_RETURN(auto token, FindToken(db_, Trim(value.substr(7))));
    if (!token) {
      return Error(Unauthenticated("the API token is unknown or revoked"));
    }
    std::optional<Principal> principal;
    RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(principal, FindAccount(c, token->user_id));
      return Status::Ok();
    }));
    if (!principal) {
      return Error(Unauthenticated("the API token's account no longer exists"));
    }
    // A token acts in its process only, and never as a site administrator.
    principal->site_admin = false;
    std::erase_if(principal->roles,
                  [&](const auto& entry) { return entry.first != token->process_id; });
    out.principal = std::move(*principal);
    out.token = token;
    return out;
  }
  if (auto cookie = request.Cookie(kSessionCookie)) {
    ASSIGN_OR_RETURN(auto session, FindSession(db_, clock_, *cookie));
    if (session) {
      out.principal = std::move(session->principal);
      out.csrf_token = std::move(session->csrf_token);
    }
  }
  return out;
}

Response Gate::Run(const http::Router& router, const Action& action, const GatedHandler& handler,
                   Request& request) const {
  auto refuse = [&](const Status& s) { return router.RespondError(request, s); };
  auto credentials = Authenticate(request);
  if (!credentials) {
    return refuse(credentials.error());
  }
  Caller caller;
  caller.principal = std::move(credentials->principal);
  caller.csrf_token = credentials->csrf_token;
  if (IsProcessScoped(action)) {
    auto id = http::PathId(request, "id", action.id_names);
    if (!id) {
      return refuse(id.error());
    }
    if (action.id_names == "process") {
      caller.process_id = *id;
    } else {
      auto scope = scopes_.find(action.id_names);
      auto process = scope != scopes_.end()
                         ? scope->second(*id)
                         : Result<int64_t>(Error(Internal(
                               fmt::format("no scope '{}' for {}", action.id_names, action.id))));
      if (!process) {
        return refuse(process.error());
      }
      caller.object_id = *id;
      caller.process_id = *process;
    }
  }
  if (credentials->token) {
    Status s = CheckToken(*credentials->token, caller.process_id, request.method);
    if (!s.ok()) {
      return refuse(s);
    }
  }
  if (!Allows(action, caller.principal, caller.process_id)) {
    return refuse(Refusal(action, caller.principal));
  }
  if (IsFormPost(request)) {
    auto form = http::ParseForm(request);
    if (!form) {
      return refuse(form.error());
    }
    caller.form = std::move(*form);
  }
  // Only a cookie session can be ridden by another site: the public has nothing to forge.
  if (!IsSafe(request.method) && !credentials->token && caller.principal.signed_in()) {
    std::string_view sent = request.headers.Get("x-csrf-token").value_or("");
    if (sent.empty() && caller.form) {
      sent = caller.form->Field("csrf_token").value_or("");
    }
    if (sent.empty() || !EqualInConstantTime(sent, caller.csrf_token)) {
      return refuse(PermissionDenied(
          "the CSRF token is missing or wrong: send the X-CSRF-Token header (or the form's "
          "csrf_token field) given at sign-in"));
    }
  }
  Response response = handler(request, caller);
  if (!response.headers.Get("cache-control")) {
    response.headers.Set("cache-control", "private, no-store");
  }
  return response;
}

void Gate::AddScope(std::string_view kind, ScopeResolver resolver) {
  scopes_.insert_or_assign(std::string(kind), std::move(resolver));
}

void Gate::Handle(http::Router& router, const Action& action, GatedHandler handler) {
  HandleAt(router, action, action.method, action.path, std::move(handler));
}

void Gate::HandleAt(http::Router& router, const Action& action, Method method,
                    std::string_view path, GatedHandler handler) {
  if (std::find(actions_.begin(), actions_.end(), &action) == actions_.end()) {
    actions_.push_back(&action);
  }
  covered_.emplace_back(method, std::string(path));
  router.Add(method, path,
             [this, &router, &action, handler = std::move(handler)](Request& request) {
               return Run(router, action, handler, request);
             });
}

void Gate::Open(http::Router& router, Method method, std::string_view path, http::Handler handler) {
  covered_.emplace_back(method, std::string(path));
  router.Add(method, path, std::move(handler));
}

Status Gate::CheckEveryWriteIsGated(const http::Router& router) const {
  for (const auto& [method, pattern] : router.Routes()) {
    if (IsSafe(method)) {
      continue;
    }
    if (std::find(covered_.begin(), covered_.end(), std::pair(method, pattern)) == covered_.end()) {
      return Internal(fmt::format("{} {} changes data but is not in the permission table",
                                  http::MethodName(method), pattern));
    }
  }
  return Status::Ok();
}

Caller Gate::Identify(const Request& request) const {
  Caller caller;
  auto credentials = Authenticate(request);
  if (credentials) {
    caller.principal = std::move(credentials->principal);
    caller.csrf_token = std::move(credentials->csrf_token);
  }
  return caller;
}

}  // namespace plenary::auth
