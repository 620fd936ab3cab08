#include "auth/routes.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "auth/cookies.h"
#include "auth/matrix.h"
#include "auth/password_reset.h"
#include "auth/tokens.h"
#include "core/text.h"
#include "http/json_body.h"

namespace plenary::auth {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json UserJson(const Principal& p) {
  json roles = json::object();
  for (const auto& [process_id, codes] : p.roles) {
    roles[std::to_string(process_id)] = codes;
  }
  return {{"id", p.user_id},
          {"email", p.email},
          {"name", p.name},
          {"site_admin", p.site_admin},
          {"roles", roles}};
}

std::string SessionCookie(const Request& request, std::string_view value, int64_t max_age) {
  return CookieHeader(request, kSessionCookie, value, max_age, "Lax");
}

Response SignInHandler(storage::Database& db, const Clock& clock, const AccountsConfig& config,
                       Request& request) {
  auto body = http::ParseJsonBody(request);
  if (!body) {
    return Response::Error(body.error());
  }
  const json& email = (*body)["email"];
  const json& password = (*body)["password"];
  if (!email.is_string() || !password.is_string()) {
    return Response::Error(InvalidArgument("give 'email' and 'password' as strings"));
  }
  // A session id the client brought along is never reused: it is ended here.
  if (auto old = request.Cookie(kSessionCookie)) {
    (void)SignOut(db, *old);
  }
  auto session = SignIn(db, clock, config, email.get<std::string>(), password.get<std::string>(),
                        request.remote_address);
  if (!session) {
    return Response::Error(session.error());
  }
  Response r =
      Response::Json({{"user", UserJson(session->principal)}, {"csrf_token", session->csrf_token}});
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(config.session_lifetime).count();
  r.headers.Set("set-cookie", SessionCookie(request, session->token, seconds));
  r.headers.Set("cache-control", "no-store");
  return r;
}

Response NoStore(Response r) {
  r.headers.Set("cache-control", "no-store");
  return r;
}

std::optional<int64_t> OptionalInt(const json& body, std::string_view key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_number_integer()) {
    return std::nullopt;
  }
  return it->get<int64_t>();
}

std::string Text(const json& body, std::string_view key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json TokenJson(const TokenInfo& t) {
  return {{"id", t.id},       {"process_id", t.process_id}, {"scope", ScopeCode(t.scope)},
          {"label", t.label}, {"created_at", t.created_at}, {"revoked", t.revoked}};
}

// Only a site administrator appoints those who run a process.
bool NeedsAdmin(std::string_view role) {
  return role == "chair" || role == "vice_chair" || role == "secretariat";
}

Response GrantRoleHandler(storage::Database& db, const Clock& clock, Request& request,
                          const Caller& caller) {
  auto body = http::ParseJsonBody(request);
  if (!body) {
    return Response::Error(body.error());
  }
  RoleGrant grant{Text(*body, "role"), OptionalInt(*body, "member_id"), Text(*body, "capacity"),
                  Text(*body, "organisation")};
  if (NeedsAdmin(grant.role) && !caller.principal.site_admin) {
    return Response::Error(
        PermissionDenied(fmt::format("only a site administrator appoints a {}", grant.role)));
  }
  std::optional<int64_t> user_id = OptionalInt(*body, "user_id");
  if (!user_id) {
    auto account = FindAccount(db, Text(*body, "email"));
    if (!account) {
      return Response::Error(account.error());
    }
    if (!*account) {
      return Response::Error(NotFound("give the 'email' (or 'user_id') of an existing account"));
    }
    user_id = (*account)->user_id;
  }
  Status s = db.Transaction([&](storage::Connection& c) {
    return GrantRoleIn(c, caller.actor(), clock.Now(), *user_id, *caller.process_id, grant);
  });
  if (!s.ok()) {
    return Response::Error(s);
  }
  return Response::Json(
      {{"user_id", *user_id}, {"process_id", *caller.process_id}, {"role", grant.role}}, 201);
}

Response CreateTokenHandler(storage::Database& db, const Clock& clock, Request& request,
                            const Caller& caller) {
  auto body = http::ParseJsonBody(request);
  if (!body) {
    return Response::Error(body.error());
  }
  std::optional<int64_t> process = OptionalInt(*body, "process_id");
  if (!process) {
    return Response::Error(InvalidArgument("give 'process_id', the process the token acts in"));
  }
  auto issued = IssueToken(db, clock, caller.principal.user_id, *process, Text(*body, "scope"),
                           Text(*body, "label"));
  if (!issued) {
    return Response::Error(issued.error());
  }
  json out = TokenJson(issued->info);
  out["token"] = issued->secret;
  out["note"] = "the token is shown this once: keep it now";
  return NoStore(Response::Json(out, 201));
}

Response ChangePasswordHandler(storage::Database& db, const AccountsConfig& config,
                               Request& request, const Caller& caller) {
  auto body = http::ParseJsonBody(request);
  if (!body) {
    return Response::Error(body.error());
  }
  Status s =
      ChangePassword(db, config, caller.principal.user_id, Text(*body, "current_password"),
                     Text(*body, "new_password"), request.Cookie(kSessionCookie).value_or(""));
  if (!s.ok()) {
    return Response::Error(s);
  }
  return Response::Json({{"changed", true}, {"other_sessions_ended", true}});
}

const Action& Row(std::string_view id) {
  return RowOf(AuthActions(), id);
}

void RegisterSessionRoutes(http::Router& router, Gate& gate, storage::Database& db,
                           const Clock& clock, const AccountsConfig& config) {
  gate.Open(router, http::Method::kPost, "/api/session", [&db, &clock, &config](Request& request) {
    return SignInHandler(db, clock, config, request);
  });
  router.Get("/api/session", [&db, &clock](Request& request) {
    auto token = request.Cookie(kSessionCookie);
    auto session = token ? FindSession(db, clock, *token) : Result<std::optional<Session>>();
    if (!session) {
      return Response::Error(session.error());
    }
    if (!*session) {
      return Response::Error(Unauthenticated("nobody is signed in"));
    }
    return NoStore(Response::Json(
        {{"user", UserJson((*session)->principal)}, {"csrf_token", (*session)->csrf_token}}));
  });
  gate.Open(router, http::Method::kDelete, "/api/session", [&db, &clock](Request& request) {
    auto token = request.Cookie(kSessionCookie);
    auto session = token ? FindSession(db, clock, *token) : Result<std::optional<Session>>();
    if (!session || !*session) {
      return Response::Error(Unauthenticated("nobody is signed in"));
    }
    auto csrf = request.headers.Get("x-csrf-token").value_or("");
    if (!EqualInConstantTime(csrf, (*session)->csrf_token)) {
      return Response::Error(PermissionDenied("the X-CSRF-Token header is missing or wrong"));
    }
    Status s = SignOut(db, *token);
    if (!s.ok()) {
      return Response::Error(s);
    }
    Response r;
    r.status = 204;
    r.headers.Set("set-cookie", SessionCookie(request, "", 0));
    return r;
  });
}

}  // namespace

void RegisterRoutes(http::Router& router, Gate& gate, storage::Database& db, const Clock& clock,
                    const AccountsConfig& config, const mail::Mailer& mailer) {
  RegisterSessionRoutes(router, gate, db, clock, config);
  gate.Open(
      router, http::Method::kPost, "/api/password-reset", [&db, &clock, &mailer](Request& request) {
        auto body = http::ParseJsonBody(request);
        Status s =
            body ? RequestPasswordReset(db, clock, mailer, Text(*body, "email")) : body.error();
        if (!s.ok()) {
          return Response::Error(s);
        }
        return Response::Json({{"message",
                                "If an account has this email address, a reset link is on "
                                "its way; it works once, within an hour."}},
                              202);
      });
  gate.Open(router, http::Method::kPost, "/api/password-reset/confirm",
            [&db, &clock, &config](Request& request) {
              auto body = http::ParseJsonBody(request);
              Status s = body ? ResetPassword(db, clock, config, Text(*body, "token"),
                                              Text(*body, "new_password"))
                              : body.error();
              return s.ok() ? Response::Json({{"changed", true}}) : Response::Error(s);
            });
  router.Get("/api/permissions",
             [&gate](Request&) { return Response::Json(MatrixJson(gate.actions())); });
  gate.Handle(router, Row("role.grant"), [&db, &clock](Request& r, const Caller& c) {
    return GrantRoleHandler(db, clock, r, c);
  });
  gate.Handle(router, Row("token.create"), [&db, &clock](Request& r, const Caller& c) {
    return CreateTokenHandler(db, clock, r, c);
  });
  gate.Handle(router, Row("token.list"), [&db](Request&, const Caller& c) {
    auto tokens = ListTokens(db, c.principal.user_id);
    if (!tokens) {
      return Response::Error(tokens.error());
    }
    json items = json::array();
    for (const TokenInfo& t : *tokens) {
      items.push_back(TokenJson(t));
    }
    return Response::Json({{"tokens", items}, {"count", items.size()}});
  });
  gate.Handle(router, Row("token.revoke"), [&db, &clock](Request& r, const Caller& c) {
    auto id = http::PathId(r, "token", "token");
    Status s = id ? RevokeToken(db, clock, c.principal.user_id, *id) : id.error();
    if (!s.ok()) {
      return Response::Error(s);
    }
    Response out;
    out.status = 204;
    return out;
  });
  gate.Handle(router, Row("password.change"), [&db, &config](Request& r, const Caller& c) {
    return ChangePasswordHandler(db, config, r, c);
  });
}

}  // namespace plenary::auth
