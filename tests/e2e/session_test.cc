// Accounts from the command line and sessions over HTTP, on each backend.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "accounts.h"
#include "server_fixture.h"

namespace plenary {
namespace {

using nlohmann::json;

using e2e::AddUser;

class SessionTest : public e2e::ServerTest {
 protected:
  // Before the server exists: the command migrates the empty database itself.
  void BeforeServerStarts() override {
    ASSERT_EQ(AddUser(db_->url(), "--email sec@example.org --name 'The Secretariat'",
                      "a long passphrase"),
              0);
  }
  httplib::Result SignIn(const std::string& password) {
    return client_->Post("/api/session",
                         json{{"email", "SEC@example.org"}, {"password", password}}.dump(),
                         "application/json");
  }
};

TEST_P(SessionTest, UserAddRefusesBadInput) {
  EXPECT_NE(AddUser(db_->url(), "--email sec@example.org --name Again", "a long passphrase"), 0);
  EXPECT_NE(AddUser(db_->url(), "--email other@example.org --name X", "short"), 0);
  EXPECT_NE(AddUser(db_->url(), "--email x@example.org --name X --process 1 --role king",
                    "a long passphrase"),
            0);
  EXPECT_EQ(AddUser(db_->url(), "--email chair@example.org --name Chair --process 1 --role chair",
                    "another long passphrase"),
            0);
}

TEST_P(SessionTest, SignInSetsAHardenedCookieAndReturnsTheCsrfToken) {
  auto r = SignIn("a long passphrase");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  std::string cookie = r->get_header_value("set-cookie");
  EXPECT_EQ(cookie.rfind("plenary_session=", 0), 0u);
  for (const char* attribute : {"HttpOnly", "SameSite=Lax", "Path=/"}) {
    EXPECT_NE(cookie.find(attribute), std::string::npos) << cookie;
  }
  json body = json::parse(r->body);
  EXPECT_EQ(body["user"]["name"], "The Secretariat");
  EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 43u);

  std::string session = cookie.substr(0, cookie.find(';'));
  auto me = client_->Get("/api/session", httplib::Headers{{"Cookie", session}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ(json::parse(me->body)["user"]["email"], "sec@example.org");

  // Signing out is a state change: refused without the CSRF token.
  auto forged = client_->Delete("/api/session", httplib::Headers{{"Cookie", session}});
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  auto out = client_->Delete(
      "/api/session", httplib::Headers{{"Cookie", session},
                                       {"X-CSRF-Token", body["csrf_token"].get<std::string>()}});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 204);
  auto gone = client_->Get("/api/session", httplib::Headers{{"Cookie", session}});
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 401);
}

TEST_P(SessionTest, WrongPasswordsAreRefusedThenThrottled) {
  for (int i = 0; i < 5; ++i) {
    auto r = SignIn("wrong guess " + std::to_string(i));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    EXPECT_TRUE(r->get_header_value("set-cookie").empty());
  }
  auto blocked = SignIn("a long passphrase");
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->status, 429);
}

TEST_P(SessionTest, APlantedSessionIdIsNeverAdopted) {
  auto r = client_->Post(
      "/api/session", httplib::Headers{{"Cookie", "plenary_session=chosen-by-attacker"}},
      json{{"email", "sec@example.org"}, {"password", "a long passphrase"}}.dump(),
      "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("set-cookie").find("chosen-by-attacker"), std::string::npos);
  auto planted = client_->Get("/api/session",
                              httplib::Headers{{"Cookie", "plenary_session=chosen-by-attacker"}});
  ASSERT_TRUE(planted);
  EXPECT_EQ(planted->status, 401);
}

// A server started on an empty database: the demo and its accounts.
class FirstStartTest : public e2e::ServerTest {};

TEST_P(FirstStartTest, PrintsTheDemoAccountsOnceAndTheyCanSignIn) {
  const std::string& out = server_->startup_output();
  ASSERT_NE(out.find("Demo accounts"), std::string::npos) << out;
  for (const char* role : {"admin", "chair", "secretariat"}) {
    std::string email = std::string(role) + "@plenary.invalid";
    size_t at = out.find(email);
    ASSERT_NE(at, std::string::npos) << out;
    size_t start = out.find_first_not_of(' ', at + email.size());
    std::string password = out.substr(start, out.find('\n', start) - start);
    EXPECT_EQ(password.size(), 20u);
    auto session = e2e::SignIn(*client_, email, password);
    ASSERT_TRUE(session) << role;
    auto me = client_->Get("/api/session", {{"Cookie", session->cookie}});
    ASSERT_TRUE(me);
    nlohmann::json user = nlohmann::json::parse(me->body)["user"];
    if (std::string(role) == "admin") {
      EXPECT_TRUE(user["site_admin"].get<bool>());
    } else {
      EXPECT_EQ(user["roles"]["1"][0], role);
    }
  }
  // A second start on the same database creates no more accounts and prints no password.
  EXPECT_EQ(server_->Stop(), 0);
  auto again = e2e::ServerProcess::Start(PLENARY_BINARY, db_->url(), {});
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->startup_output().find("Demo accounts"), std::string::npos);
  EXPECT_EQ(again->Stop(), 0);
  server_.reset();
}

INSTANTIATE_TEST_SUITE_P(Backends, FirstStartTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

INSTANTIATE_TEST_SUITE_P(Backends, SessionTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary
