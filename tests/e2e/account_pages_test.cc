// Signing in with the HTML form, the account page, password reset by mail and the outbox
// where held mail waits, end to end on each backend.
#include <regex>

#include <gtest/gtest.h>

#include "accounts.h"
#include "server_fixture.h"

namespace plenary {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "pages passphrase";

std::string Between(const std::string& text, const std::string& before, char end) {
  size_t at = text.find(before);
  if (at == std::string::npos) {
    return "";
  }
  at += before.size();
  return text.substr(at, text.find(end, at) - at);
}

// "name=value" of a Set-Cookie header.
std::string CookiePair(const httplib::Result& r) {
  std::string cookie = r->get_header_value("set-cookie");
  return cookie.substr(0, cookie.find(';'));
}

class AccountPagesTest : public e2e::ServerTest {
 protected:
  void BeforeServerStarts() override {
    const std::string& url = db_->url();
    ASSERT_EQ(e2e::RunPlenary("demo --db '" + url + "'"), 0);
    ASSERT_EQ(e2e::AddUser(url,
                           "--email ana@pages.test --name 'Ana Diaz' --process 1 --role "
                           "member",
                           kPassword),
              0);
    ASSERT_EQ(e2e::AddUser(url, "--email root@pages.test --name Root --admin", kPassword), 0);
    ASSERT_EQ(e2e::AddUser(url,
                           "--email sec@pages.test --name Sec --process 1 --role "
                           "secretariat",
                           kPassword),
              0);
  }
  // GET a form page: its login cookie and the form's hidden login_csrf value.
  std::pair<std::string, std::string> FormTokens(const std::string& path) {
    auto page = client_->Get(path.c_str(), httplib::Headers{{"Accept", "text/html"}});
    EXPECT_TRUE(page && page->status == 200);
    return {CookiePair(page), Between(page->body, "name=\"login_csrf\" value=\"", '"')};
  }
  httplib::Result PostForm(const std::string& path, const httplib::Headers& headers,
                           const std::string& body) {
    httplib::Headers h = headers;
    h.emplace("Accept", "text/html");
    return client_->Post(path.c_str(), h, body, "application/x-www-form-urlencoded");
  }
};

TEST_P(AccountPagesTest, SignInFormAccountPageAndSignOut) {
  auto [login_cookie, login_csrf] = FormTokens("/sign-in?next=/processes/1");
  ASSERT_FALSE(login_csrf.empty());
  EXPECT_EQ(login_cookie.rfind("plenary_login=", 0), 0u);

  // Without the double-submit cookie the form is refused and nobody is signed in.
  auto forged =
      PostForm("/sign-in", {},
               "login_csrf=" + login_csrf + "&email=ana%40pages.test&password=pages+passphrase");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  EXPECT_TRUE(forged->get_header_value("set-cookie").find("plenary_session") == std::string::npos);

  auto wrong =
      PostForm("/sign-in", {{"Cookie", login_cookie}},
               "login_csrf=" + login_csrf + "&email=ana%40pages.test&password=nope+nope+nope");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_NE(wrong->body.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(wrong->body.find("value=\"ana@pages.test\""), std::string::npos) << "email kept";

  auto ok = PostForm("/sign-in", {{"Cookie", login_cookie}},
                     "login_csrf=" + login_csrf +
                         "&next=%2Fprocesses%2F1&email=ana%40pages.test&password=pages+passphrase");
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 303) << ok->body;
  EXPECT_EQ(ok->get_header_value("location"), "/processes/1");
  std::string session = CookiePair(ok);
  ASSERT_EQ(session.rfind("plenary_session=", 0), 0u);

  auto account = client_->Get("/account", {{"Cookie", session}, {"Accept", "text/html"}});
  ASSERT_TRUE(account);
  ASSERT_EQ(account->status, 200);
  EXPECT_NE(account->body.find("Ana Diaz"), std::string::npos);
  EXPECT_NE(account->body.find("Member"), std::string::npos);
  EXPECT_EQ(account->get_header_value("cache-control"), "private, no-store");
  std::string csrf = Between(account->body, "name=\"csrf_token\" value=\"", '"');
  ASSERT_FALSE(csrf.empty());

  // Only local destinations after sign-in.
  auto [c2, t2] = FormTokens("/sign-in");
  auto away =
      PostForm("/sign-in", {{"Cookie", c2}},
               "login_csrf=" + t2 +
                   "&next=%2F%2Fevil.example&email=ana%40pages.test&password=pages+passphrase");
  ASSERT_TRUE(away);
  EXPECT_EQ(away->get_header_value("location"), "/account");

  auto refused = PostForm("/sign-out", {{"Cookie", session}}, "csrf_token=forged");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  auto out = PostForm("/sign-out", {{"Cookie", session}}, "csrf_token=" + csrf);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  auto gone = client_->Get("/account", {{"Cookie", session}});
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 303);
  EXPECT_EQ(gone->get_header_value("location"), "/sign-in?next=/account");
}

TEST_P(AccountPagesTest, PasswordResetByMailHeldInTheOutbox) {
  auto before = e2e::SignIn(*client_, "ana@pages.test", kPassword);
  ASSERT_TRUE(before);
  for (const char* email : {"ana@pages.test", "nobody@pages.test"}) {
    auto r =
        client_->Post("/api/password-reset", json{{"email", email}}.dump(), "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 202) << "the same answer whether or not the account exists";
  }
  auto root = e2e::SignIn(*client_, "root@pages.test", kPassword);
  ASSERT_TRUE(root);
  auto outbox = client_->Get("/api/outbox?status=held", root->Headers());
  ASSERT_TRUE(outbox);
  ASSERT_EQ(outbox->status, 200) << outbox->body;
  json messages = json::parse(outbox->body)["messages"];
  ASSERT_EQ(messages.size(), 1u) << "one mail, none for the unknown address";
  EXPECT_EQ(messages[0]["to"], "ana@pages.test");
  EXPECT_EQ(messages[0]["kind"], "password_reset");
  std::string body = messages[0]["body"];
  std::string token = Between(body, "/password-reset/confirm?token=", '\n');
  ASSERT_EQ(token.size(), 43u) << body;

  // The secretariat's view of the process's mail does not include reset links.
  auto sec = e2e::SignIn(*client_, "sec@pages.test", kPassword);
  ASSERT_TRUE(sec);
  auto process_mail = client_->Get("/api/processes/1/outbox", sec->Headers());
  ASSERT_TRUE(process_mail);
  EXPECT_EQ(json::parse(process_mail->body)["count"], 0);
  EXPECT_EQ(client_->Get("/api/outbox", sec->Headers())->status, 403);
  auto page = client_->Get("/admin/outbox", {{"Cookie", root->cookie}, {"Accept", "text/html"}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Held (no relay)"), std::string::npos);

  auto confirm = [&](const std::string& password) {
    return client_->Post("/api/password-reset/confirm",
                         json{{"token", token}, {"new_password", password}}.dump(),
                         "application/json");
  };
  auto weak = confirm("short");
  ASSERT_TRUE(weak);
  EXPECT_EQ(weak->status, 400);
  auto set = confirm("a brand new passphrase");
  ASSERT_TRUE(set);
  EXPECT_EQ(set->status, 200) << set->body;
  auto again = confirm("yet another passphrase");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 400) << "single use";
  EXPECT_NE(again->body.find("already used"), std::string::npos);
  EXPECT_EQ(client_->Get("/api/session", {{"Cookie", before->cookie}})->status, 401)
      << "every session of the account ended";
  EXPECT_FALSE(e2e::SignIn(*client_, "ana@pages.test", kPassword));
  EXPECT_TRUE(e2e::SignIn(*client_, "ana@pages.test", "a brand new passphrase"));

  // The page flow: the confirm form keeps the token out of Referer headers.
  auto form =
      client_->Get(("/password-reset/confirm?token=" + token).c_str(), {{"Accept", "text/html"}});
  ASSERT_TRUE(form);
  EXPECT_EQ(form->get_header_value("referrer-policy"), "no-referrer");
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountPagesTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary
