// Accounts from the command line and sessions over HTTP, on each backend.
#include <cstdio>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "server_fixture.h"

namespace plenary {
namespace {

using nlohmann::json;

// Runs `plenary user add ...` with `password` on standard input; returns the exit code.
int AddUser(const std::string& db_url, const std::string& extra, const std::string& password) {
  std::string command = std::string(PLENARY_BINARY) + " user add --db '" + db_url +
                        "' --password-stdin " + extra + " > /dev/null 2>&1";
  FILE* pipe = popen(command.c_str(), "w");
  if (pipe == nullptr) {
    return -1;
  }
  fputs((password + "\n").c_str(), pipe);
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

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

INSTANTIATE_TEST_SUITE_P(Backends, SessionTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary
