// The gate end to end: CSRF on cookie writes, API tokens and their scopes, who may appoint
// whom, and password changes, against a real server on each backend.
#include <gtest/gtest.h>

#include "accounts.h"
#include "server_fixture.h"

namespace plenary {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "gate passphrase";

class GateTest : public e2e::ServerTest {
 protected:
  void BeforeServerStarts() override {
    const std::string& url = db_->url();
    ASSERT_EQ(e2e::RunPlenary("demo --db '" + url + "'"), 0);
    ASSERT_EQ(e2e::AddUser(url, "--email admin@gate.test --name Admin --admin", kPassword), 0);
    ASSERT_EQ(e2e::AddUser(url, "--email sec@gate.test --name Sec --process 1 --role secretariat",
                           kPassword),
              0);
    ASSERT_EQ(e2e::AddUser(url, "--email obs@gate.test --name Obs --process 1 --role observer",
                           kPassword),
              0);
  }
  e2e::SignedIn As(const std::string& who) {
    auto session = e2e::SignIn(*client_, who + "@gate.test", kPassword);
    EXPECT_TRUE(session) << who;
    return session.value_or(e2e::SignedIn{});
  }
  static void Expect(const httplib::Result& r, int status, const std::string& mentions = "") {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_NE(r->body.find(mentions), std::string::npos) << "should mention " << mentions;
  }
  httplib::Result Patch(const std::string& path, const httplib::Headers& headers) {
    return client_->Patch(path.c_str(), headers, json{{"outcome", "Revised."}}.dump(),
                          "application/json");
  }
  // Creates an API token for `session`; returns {"id", "token", ...}.
  json Token(const e2e::SignedIn& session, int process, const std::string& scope) {
    auto r = client_->Post("/api/tokens", session.Headers(),
                           json{{"process_id", process}, {"scope", scope}, {"label", "ci"}}.dump(),
                           "application/json");
    EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "");
    return r && r->status == 201 ? json::parse(r->body) : json::object();
  }
};

TEST_P(GateTest, CookieWritesNeedTheCsrfToken) {
  e2e::SignedIn sec = As("sec");
  Expect(Patch("/api/processes/1", {{"Cookie", sec.cookie}}), 403, "CSRF");
  Expect(Patch("/api/processes/1", {{"Cookie", sec.cookie}, {"X-CSRF-Token", "forged"}}), 403,
         "CSRF");
  Expect(Patch("/api/processes/1", sec.Headers()), 200, "Revised.");
  // A form carries the token in a field; the gate accepts it (the API then asks for JSON).
  auto form = client_->Post("/api/processes/1/members", {{"Cookie", sec.cookie}},
                            "csrf_token=" + sec.csrf + "&seat_label=x",
                            "application/x-www-form-urlencoded");
  Expect(form, 400, "application/json");
  auto forged =
      client_->Post("/api/processes/1/members", {{"Cookie", sec.cookie}},
                    "csrf_token=forged&seat_label=x", "application/x-www-form-urlencoded");
  Expect(forged, 403, "CSRF");
}

TEST_P(GateTest, ThePublicGets401AndTheWrongRole403) {
  Expect(Patch("/api/processes/1", {}), 401, "sign in");
  e2e::SignedIn obs = As("obs");
  Expect(Patch("/api/processes/1", obs.Headers()), 403, "process.update");
  auto add =
      client_->Post("/api/processes/1/members", obs.Headers(),
                    json{{"stakeholder_group", "civil_society"}, {"organisation", "X"}}.dump(),
                    "application/json");
  Expect(add, 403, "secretariat");
}

TEST_P(GateTest, TokensActInTheirProcessOnlyAndReadTokensOnlyRead) {
  e2e::SignedIn admin = As("admin");
  auto created =
      client_->Post("/api/processes", admin.Headers(),
                    json{{"short_name", "B"}, {"title", "Process B"}}.dump(), "application/json");
  Expect(created, 201);
  for (int process : {1, 2}) {
    auto r = client_->Post(
        ("/api/processes/" + std::to_string(process) + "/roles").c_str(), admin.Headers(),
        json{{"email", "sec@gate.test"}, {"role", "secretariat"}}.dump(), "application/json");
    Expect(r, 201);
  }
  e2e::SignedIn sec = As("sec");
  json write = Token(sec, 1, "write");
  std::string secret = write["token"];
  EXPECT_EQ(secret.rfind("plt_", 0), 0u);
  httplib::Headers bearer = {{"Authorization", "Bearer " + secret}};
  Expect(Patch("/api/processes/1", bearer), 200);  // no CSRF token needed
  Expect(Patch("/api/processes/2", bearer), 403, "scoped to process 1");
  // A token never acts as a site administrator, even for one.
  json admin_token = Token(admin, 1, "write");
  Expect(client_->Post("/api/processes",
                       {{"Authorization", "Bearer " + admin_token["token"].get<std::string>()}},
                       json{{"short_name", "C"}, {"title", "C"}}.dump(), "application/json"),
         403);

  json read = Token(sec, 1, "read");
  Expect(
      Patch("/api/processes/1", {{"Authorization", "Bearer " + read["token"].get<std::string>()}}),
      403, "only read");

  // Listed without their secrets; revoked ones stop working.
  auto list = client_->Get("/api/tokens", sec.Headers());
  Expect(list, 200);
  EXPECT_EQ(list->body.find(secret), std::string::npos);
  EXPECT_EQ(json::parse(list->body)["count"], 2);
  std::string revoke = "/api/tokens/" + std::to_string(write["id"].get<int>());
  Expect(client_->Delete(revoke.c_str(), sec.Headers()), 204);
  Expect(Patch("/api/processes/1", bearer), 401, "revoked");
  Expect(Patch("/api/processes/1", {{"Authorization", "Bearer plt_made_up"}}), 401, "unknown");
  Expect(Patch("/api/processes/1", {{"Authorization", "Basic abc"}}), 401, "Bearer");
  // Someone else's token cannot be revoked.
  std::string others = "/api/tokens/" + std::to_string(admin_token["id"].get<int>());
  Expect(client_->Delete(others.c_str(), sec.Headers()), 404);
}

TEST_P(GateTest, OnlyASiteAdministratorAppointsTheSecretariatAndChair) {
  e2e::SignedIn sec = As("sec");
  for (const char* role : {"chair", "vice_chair", "secretariat"}) {
    auto r =
        client_->Post("/api/processes/1/roles", sec.Headers(),
                      json{{"email", "obs@gate.test"}, {"role", role}}.dump(), "application/json");
    Expect(r, 403, "site administrator");
  }
  auto member = client_->Post("/api/processes/1/roles", sec.Headers(),
                              json{{"email", "obs@gate.test"}, {"role", "member"}}.dump(),
                              "application/json");
  Expect(member, 201);
  auto history = client_->Get("/api/audit?object_type=account_role&object_id=3");
  Expect(history, 200, "\"grant\"");
  EXPECT_NE(history->body.find("Sec"), std::string::npos) << "the actor is named";
}

TEST_P(GateTest, ChangingThePasswordEndsTheOtherSessions) {
  e2e::SignedIn here = As("sec");
  e2e::SignedIn elsewhere = As("sec");
  auto wrong = client_->Post(
      "/api/account/password", here.Headers(),
      json{{"current_password", "not it at all"}, {"new_password", "a new long passphrase"}}.dump(),
      "application/json");
  Expect(wrong, 401, "current password");
  auto changed = client_->Post(
      "/api/account/password", here.Headers(),
      json{{"current_password", kPassword}, {"new_password", "a new long passphrase"}}.dump(),
      "application/json");
  Expect(changed, 200);
  Expect(client_->Get("/api/session", {{"Cookie", here.cookie}}), 200);
  Expect(client_->Get("/api/session", {{"Cookie", elsewhere.cookie}}), 401);
  EXPECT_FALSE(e2e::SignIn(*client_, "sec@gate.test", kPassword));
  EXPECT_TRUE(e2e::SignIn(*client_, "sec@gate.test", "a new long passphrase"));
}

INSTANTIATE_TEST_SUITE_P(Backends, GateTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary
