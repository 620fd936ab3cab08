#include "auth/pages.h"

#include <fmt/format.h>

#include "auth/cookies.h"
#include "auth/secrets.h"

namespace plenary::auth {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// Only a path on this site: "/processes/1", never "//evil.example" or "https://...".
std::string SafeNext(std::string_view next) {
  bool local = next.starts_with('/') && !next.starts_with("//") &&
               next.find('\\') == std::string_view::npos &&
               next.find_first_of("\r\n") == std::string_view::npos;
  return local ? std::string(next) : "/account";
}

class Pages {
 public:
  Pages(const web::Site& site, storage::Database& db, const Clock& clock,
        const AccountsConfig& config, const Gate& gate)
      : site_(site), db_(db), clock_(clock), config_(config), gate_(gate) {}

  Response SignInForm(const Request& request, std::string_view error, std::string_view email,
                      int status) const {
    std::string login_csrf = RandomToken();
    json context = {{"login_csrf", login_csrf},
                    {"next", SafeNext(request.Query("next").value_or("/account"))},
                    {"email", email}};
    if (!error.empty()) {
      context["error"] = error;
    }
    Response r = site_.Page(request, "auth/sign_in.html", context,
                            site_.Message(request, "auth.sign_in.title"));
    r.status = status;
    r.headers.Set("set-cookie", CookieHeader(request, kLoginCookie, login_csrf, 3600, "Strict"));
    return Private(std::move(r));
  }

  Response SignInPost(Request& request) const {
    auto form = http::ParseForm(request);
    if (!form) {
      return site_.RespondError(request, form.error());
    }
    std::string email(form->Field("email").value_or(""));
    if (!LoginFormIsGenuine(request, form->Field("login_csrf").value_or(""))) {
      return SignInForm(request, site_.Message(request, "auth.sign_in.expired"), email, 403);
    }
    if (auto old = request.Cookie(kSessionCookie)) {
      (void)SignOut(db_, *old);  // a planted session id is never adopted
    }
    auto session = SignIn(db_, clock_, config_, email, form->Field("password").value_or(""),
                          request.remote_address);
    if (!session) {
      int status = http::HttpStatusFor(session.error().code());
      std::string_view key = status == 429 ? "auth.sign_in.throttled" : "auth.sign_in.wrong";
      return SignInForm(request, site_.Message(request, key), email, status);
    }
    Response r = Response::Redirect(SafeNext(form->Field("next").value_or("/account")));
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(config_.session_lifetime);
    r.headers.Set("set-cookie",
                  CookieHeader(request, kSessionCookie, session->token, seconds.count(), "Lax"));
    return Private(std::move(r));
  }

  Response Account(const Request& request, const Caller& caller, std::string_view notice,
                   int status) const {
    if (!caller.principal.signed_in()) {
      return Response::Redirect("/sign-in?next=/account");
    }
    const Principal& p = caller.principal;
    json roles = json::array();
    for (const auto& [process_id, codes] : p.roles) {
      for (const std::string& code : codes) {
        roles.push_back(
            {{"process_id", process_id}, {"label", site_.Message(request, "auth.role." + code)}});
      }
    }
    json context = {{"name", p.name},
                    {"email", p.email},
                    {"site_admin", p.site_admin},
                    {"roles", roles},
                    {"csrf_token", caller.csrf_token}};
    if (!notice.empty()) {
      context["notice"] = notice;
    }
    Response r = site_.Page(request, "auth/account.html", context,
                            site_.Message(request, "auth.account.title"));
    r.status = status;
    return Private(std::move(r));
  }

  Response ChangePasswordPost(const Request& request, const Caller& caller) const {
    const http::Form& form = *caller.form;
    Status s = ChangePassword(
        db_, config_, caller.principal.user_id, form.Field("current_password").value_or(""),
        form.Field("new_password").value_or(""), request.Cookie(kSessionCookie).value_or(""));
    if (!s.ok()) {
      return Account(request, caller, s.message(), http::HttpStatusFor(s.code()));
    }
    return Account(request, caller, site_.Message(request, "auth.account.password_changed"), 200);
  }

  Response SignOutPost(Request& request) const {
    Caller caller = gate_.Identify(request);
    auto form = http::ParseForm(request);
    std::string_view sent = form ? form->Field("csrf_token").value_or("") : "";
    if (caller.principal.signed_in() &&
        (sent.empty() || !EqualInConstantTime(sent, caller.csrf_token))) {
      return site_.RespondError(request, PermissionDenied("the form's CSRF token is wrong"));
    }
    if (auto token = request.Cookie(kSessionCookie)) {
      Status s = SignOut(db_, *token);
      if (!s.ok()) {
        return site_.RespondError(request, s);
      }
    }
    Response r = Response::Redirect("/");
    r.headers.Set("set-cookie", CookieHeader(request, kSessionCookie, "", 0, "Lax"));
    return Private(std::move(r));
  }

 private:
  const web::Site& site_;
  storage::Database& db_;
  const Clock& clock_;
  const AccountsConfig& config_;
  const Gate& gate_;
};

}  // namespace

void RegisterPages(http::Router& router, Gate& gate, const web::Site& site, storage::Database& db,
                   const Clock& clock, const AccountsConfig& config,
                   const Action& change_password) {
  auto pages = std::make_shared<Pages>(site, db, clock, config, gate);
  router.Get("/sign-in",
             [pages](Request& request) { return pages->SignInForm(request, "", "", 200); });
  gate.Open(router, http::Method::kPost, "/sign-in",
            [pages](Request& request) { return pages->SignInPost(request); });
  router.Get("/account", [pages, &gate](Request& request) {
    return pages->Account(request, gate.Identify(request), "", 200);
  });
  gate.HandleAt(router, change_password, http::Method::kPost, "/account/password",
                [pages](Request& request, const Caller& caller) {
                  return pages->ChangePasswordPost(request, caller);
                });
  gate.Open(router, http::Method::kPost, "/sign-out",
            [pages](Request& request) { return pages->SignOutPost(request); });
}

}  // namespace plenary::auth
