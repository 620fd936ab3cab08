// Data-protection requests end to end: `plenary person export` and `plenary person erase`
// against a database a running server writes to, on each backend.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include "accounts.h"
#include "server_fixture.h"

namespace plenary {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "privacy passphrase";

using e2e::CommandRun;

CommandRun Plenary(const std::string& args) {
  return e2e::RunPlenaryOutput(args);
}

class PrivacyTest : public e2e::ServerTest {
 protected:
  void BeforeServerStarts() override {
    ASSERT_EQ(e2e::RunPlenary("demo --db '" + db_->url() + "'"), 0);
    ASSERT_EQ(e2e::AddUser(db_->url(),
                           "--email ana@privacy.test --name 'Ana Diaz' --process 1 --role "
                           "secretariat",
                           kPassword),
              0);
  }
  std::string Db() const { return "--db '" + db_->url() + "'"; }
};

TEST_P(PrivacyTest, ExportThenEraseKeepsTheRecordAndTheChain) {
  auto ana = e2e::SignIn(*client_, "ana@privacy.test", kPassword);
  ASSERT_TRUE(ana);
  // Ana acts as secretariat (recorded under her name), holds a token and has mail waiting.
  auto patch = client_->Patch("/api/processes/1", ana->Headers(),
                              json{{"outcome", "Report adopted."}}.dump(), "application/json");
  ASSERT_TRUE(patch);
  ASSERT_EQ(patch->status, 200) << patch->body;
  ASSERT_EQ(client_
                ->Post("/api/tokens", ana->Headers(),
                       json{{"process_id", 1}, {"scope", "read"}}.dump(), "application/json")
                ->status,
            201);
  ASSERT_EQ(client_
                ->Post("/api/password-reset", json{{"email", "ana@privacy.test"}}.dump(),
                       "application/json")
                ->status,
            202);

  // She contributes to an open call under her published name, and flags a contribution as
  // sent in her name without her consent (with her address).
  auto call = client_->Post("/api/processes/1/calls", ana->Headers(),
                            json{{"title", "Open call"},
                                 {"opens_at", "2020-01-01T00:00:00Z"},
                                 {"closes_at", "2100-01-01T00:00:00Z"}}
                                .dump(),
                            "application/json");
  ASSERT_EQ(call->status, 201) << call->body;
  std::string contributions =
      "/api/calls/" + json::parse(call->body)["id"].dump() + "/contributions";
  auto mine = client_->Post(
      contributions.c_str(), ana->Headers(),
      json{{"author_name", "Ana Diaz"}, {"publish_name", true}, {"body", "My view."}}.dump(),
      "application/json");
  ASSERT_EQ(mine->status, 201) << mine->body;
  std::string contribution = "/api/contributions/" + json::parse(mine->body)["id"].dump();
  ASSERT_NE(client_->Get(contribution.c_str())->body.find("Ana Diaz"), std::string::npos);
  auto flagged = client_->Post(
      (contribution + "/consent-flag").c_str(),
      json{{"statement", "Not mine."}, {"contact", "ana@privacy.test"}, {"name", "Ana Diaz"}}
          .dump(),
      "application/json");
  ASSERT_EQ(flagged->status, 201) << flagged->body;

  // And she votes in the demo's opinion conversation.
  auto voted = client_->Post("/api/conversations/1/votes", ana->Headers(),
                             json{{"statement", 1}, {"vote", "agree"}}.dump(), "application/json");
  ASSERT_TRUE(voted);
  ASSERT_LT(voted->status, 300) << voted->body;

  CommandRun exported = Plenary("person export " + Db() + " --email ana@privacy.test");
  ASSERT_EQ(exported.exit_code, 0) << exported.out;
  json data = json::parse(exported.out);
  EXPECT_EQ(data["accounts"]["account"]["name"], "Ana Diaz");
  EXPECT_EQ(data["accounts"]["roles"][0]["role"], "secretariat");
  EXPECT_EQ(data["accounts"]["api_tokens"].size(), 1u);
  EXPECT_EQ(data["mail"].size(), 1u);
  ASSERT_EQ(data["consultation"]["contributions"].size(), 1u);
  EXPECT_EQ(data["consultation"]["contributions"][0]["author_name"], "Ana Diaz");
  ASSERT_EQ(data["campaigns"]["consent_flags"].size(), 1u);
  EXPECT_EQ(data["campaigns"]["consent_flags"][0]["statement"], "Not mine.");
  ASSERT_EQ(data["conversation"]["participations"].size(), 1u);
  EXPECT_EQ(data["conversation"]["participations"][0]["votes"][0]["vote"], "agree");
  EXPECT_EQ(exported.out.find("argon2"), std::string::npos) << "no secret is exported";
  int64_t id = data["accounts"]["account"]["id"];

  CommandRun unconfirmed = Plenary("person erase " + Db() + " --email ana@privacy.test");
  EXPECT_NE(unconfirmed.exit_code, 0);
  EXPECT_NE(unconfirmed.out.find("--yes"), std::string::npos);

  CommandRun erased = Plenary("person erase " + Db() + " --email ana@privacy.test --yes");
  ASSERT_EQ(erased.exit_code, 0) << erased.out;
  std::string pseudonym = "erased person " + std::to_string(id);
  EXPECT_NE(erased.out.find(pseudonym), std::string::npos) << erased.out;
  EXPECT_NE(erased.out.find("official record"), std::string::npos) << "says what it kept";

  // Nothing public names her any more; the change she made stays, under the pseudonym.
  auto history = client_->Get("/api/audit?object_type=process&object_id=1");
  ASSERT_TRUE(history);
  EXPECT_EQ(history->body.find("Ana Diaz"), std::string::npos);
  EXPECT_NE(history->body.find(pseudonym), std::string::npos);
  EXPECT_NE(history->body.find("Report adopted."), std::string::npos) << "the record stays";
  CommandRun verify = Plenary("audit verify " + Db());
  EXPECT_EQ(verify.exit_code, 0) << verify.out;

  auto public_view = client_->Get(contribution.c_str());
  EXPECT_EQ(public_view->body.find("Ana Diaz"), std::string::npos) << public_view->body;
  EXPECT_NE(public_view->body.find("My view."), std::string::npos) << "the text stays";

  // She can no longer sign in, her sessions are gone, and the export shows the pseudonym.
  EXPECT_FALSE(e2e::SignIn(*client_, "ana@privacy.test", kPassword));
  EXPECT_EQ(client_->Get("/api/session", {{"Cookie", ana->cookie}})->status, 401);
  CommandRun after = Plenary("person export " + Db() + " --user-id " + std::to_string(id));
  ASSERT_EQ(after.exit_code, 0) << after.out;
  EXPECT_EQ(after.out.find("Ana Diaz"), std::string::npos);
  EXPECT_EQ(after.out.find("ana@privacy.test"), std::string::npos);
  json later = json::parse(after.out);
  EXPECT_EQ(later["accounts"]["account"]["name"], pseudonym);
  EXPECT_EQ(later["accounts"]["roles"][0]["role"], "secretariat") << "the role is kept";
  EXPECT_TRUE(later["accounts"]["api_tokens"].empty());
  EXPECT_TRUE(later["conversation"]["participations"].empty()) << "unlinked, votes kept";
  EXPECT_EQ(later["consultation"]["contributions"][0]["author_name"], pseudonym);
}

INSTANTIATE_TEST_SUITE_P(Backends, PrivacyTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary
