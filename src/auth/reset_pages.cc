#include "auth/cookies.h"
#include "auth/pages.h"
#include "auth/password_reset.h"

namespace plenary::auth {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// The reset pages: ask for a link, then choose a new password with it.
class ResetPages {
 public:
  ResetPages(const web::Site& site, storage::Database& db, const Clock& clock,
             const AccountsConfig& config, const mail::Mailer& mailer)
      : site_(site), db_(db), clock_(clock), config_(config), mailer_(mailer) {}

  // `step` is "ask", "sent", "choose" or "done".
  Response Render(const Request& request, std::string_view step, json context,
                  int status = 200) const {
    std::string login_csrf = RandomToken();
    context[std::string(step)] = true;
    context["login_csrf"] = login_csrf;
    Response r = site_.Page(request, "auth/password_reset.html", context,
                            site_.Message(request, "auth.reset.title"));
    r.status = status;
    r.headers.Set("set-cookie", CookieHeader(request, kLoginCookie, login_csrf, 3600, "Strict"));
    r.headers.Set("referrer-policy", "no-referrer");  // the token is in the address
    return Private(std::move(r));
  }

  Response Ask(Request& request) const {
    auto form = http::ParseForm(request);
    if (!form) {
      return site_.RespondError(request, form.error());
    }
    if (!LoginFormIsGenuine(request, form->Field("login_csrf").value_or(""))) {
      return Render(request, "ask", {{"error", site_.Message(request, "auth.sign_in.expired")}},
                    403);
    }
    Status s = RequestPasswordReset(db_, clock_, mailer_, form->Field("email").value_or(""));
    if (!s.ok()) {
      return site_.RespondError(request, s);
    }
    return Render(request, "sent", json::object());
  }

  Response Choose(Request& request) const {
    auto form = http::ParseForm(request);
    if (!form) {
      return site_.RespondError(request, form.error());
    }
    std::string token(form->Field("token").value_or(""));
    if (!LoginFormIsGenuine(request, form->Field("login_csrf").value_or(""))) {
      return Render(request, "choose",
                    {{"token", token}, {"error", site_.Message(request, "auth.sign_in.expired")}},
                    403);
    }
    Status s = ResetPassword(db_, clock_, config_, token, form->Field("new_password").value_or(""));
    if (!s.ok()) {
      return Render(request, "choose", {{"token", token}, {"error", s.message()}},
                    http::HttpStatusFor(s.code()));
    }
    return Render(request, "done", json::object());
  }

 private:
  const web::Site& site_;
  storage::Database& db_;
  const Clock& clock_;
  const AccountsConfig& config_;
  const mail::Mailer& mailer_;
};

}  // namespace

void RegisterResetPages(http::Router& router, Gate& gate, const web::Site& site,
                        storage::Database& db, const Clock& clock, const AccountsConfig& config,
                        const mail::Mailer& mailer) {
  auto pages = std::make_shared<ResetPages>(site, db, clock, config, mailer);
  router.Get("/password-reset",
             [pages](Request& request) { return pages->Render(request, "ask", json::object()); });
  gate.Open(router, http::Method::kPost, "/password-reset",
            [pages](Request& request) { return pages->Ask(request); });
  router.Get("/password-reset/confirm", [pages](Request& request) {
    return pages->Render(request, "choose",
                         {{"token", std::string(request.Query("token").value_or(""))}});
  });
  gate.Open(router, http::Method::kPost, "/password-reset/confirm",
            [pages](Request& request) { return pages->Choose(request); });
}

}  // namespace plenary::auth
