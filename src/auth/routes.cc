#include "auth/routes.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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
  return {{"id", p.user_id}, {"email", p.email}, {"name", p.name}, {"roles", roles}};
}

std::string SessionCookie(const Request& request, std::string_view value, int64_t max_age) {
  bool tls = request.headers.Get("x-forwarded-proto").value_or("") == "https";
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}", kSessionCookie, value,
                     max_age, tls ? "; Secure" : "");
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

}  // namespace

void RegisterSessionRoutes(http::Router& router, storage::Database& db, const Clock& clock,
                           const AccountsConfig& config) {
  router.Post("/api/session", [&db, &clock, &config](Request& request) {
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
    Response r = Response::Json(
        {{"user", UserJson((*session)->principal)}, {"csrf_token", (*session)->csrf_token}});
    r.headers.Set("cache-control", "no-store");
    return r;
  });
  router.Delete("/api/session", [&db, &clock](Request& request) {
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

}  // namespace plenary::auth
