// Opinion conversations end to end on each backend: the secretariat opens one and seeds
// statements; participants (signed in or anonymous with a server-issued token) vote one at a
// time, by API or by a plain form, and integrations send batches; the latest vote wins;
// moderation is recorded and deletes nothing; results come as JSON (opinion groups, declared
// stakeholder groups) and as immutable, citable snapshots; bad input names the field and stores
// nothing.
#include <gtest/gtest.h>

#include "accounts.h"
#include "server_fixture.h"

namespace plenary {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "conversation passphrase";

class ConversationTest : public e2e::ServerTest {
 protected:
  void BeforeServerStarts() override {
    const std::string& url = db_->url();
    ASSERT_EQ(e2e::RunPlenary("demo --db '" + url + "'"), 0);
    ASSERT_EQ(e2e::AddUser(url, "--email sec@o.test --name Sec --process 1 --role secretariat",
                           kPassword),
              0);
    ASSERT_EQ(
        e2e::AddUser(url, "--email mem@o.test --name Mem --process 1 --role member", kPassword), 0);
  }
  void SetUp() override {
    e2e::ServerTest::SetUp();
    auto sec = e2e::SignIn(*client_, "sec@o.test", kPassword);
    ASSERT_TRUE(sec);
    sec_ = *sec;
    id_ = Create({{"topic", "Enhanced cooperation"}, {"moderation", "before_publication"}});
    auto seeded = Post("/seeds",
                       {{"statements",
                         {{{"text", "Enhanced cooperation should promote development."},
                           {"source", "Draft report, para. 11"}},
                          {{"text", "A new UN body is needed."}},
                          {{"text", "Existing processes are enough."}}}}},
                       sec_.Headers());
    ASSERT_EQ(seeded->status, 201) << seeded->body;
  }
  int Create(const json& body) {
    auto r = client_->Post("/api/processes/1/conversations", sec_.Headers(), body.dump(),
                           "application/json");
    EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "");
    return r && r->status == 201 ? json::parse(r->body)["id"].get<int>() : 0;
  }
  std::string Path(const std::string& rest = "") const {
    return "/api/conversations/" + std::to_string(id_) + rest;
  }
  httplib::Result Post(const std::string& rest, const json& body,
                       const httplib::Headers& headers = {}) {
    return client_->Post(Path(rest).c_str(), headers, body.dump(), "application/json");
  }
  json Get(const std::string& path, const httplib::Headers& headers = {}) {
    auto r = client_->Get(path.c_str(), headers);
    EXPECT_TRUE(r && r->status == 200) << path << ": " << (r ? r->body : "");
    return r && r->status == 200 ? json::parse(r->body) : json();
  }
  // The public's view of statement `number`: its vote counts.
  json Counts(int number) {
    json listed = Get(Path("/statements"));
    for (const json& s : listed["statements"]) {
      if (s["number"] == number) {
        return s;
      }
    }
    return json();
  }
  int64_t TotalVotes() {
    int64_t n = 0;
    json listed = Get(Path("/statements"), sec_.Headers());
    for (const json& s : listed["statements"]) {
      n += s["agree"].get<int64_t>() + s["disagree"].get<int64_t>() + s["pass"].get<int64_t>();
    }
    return n;
  }
  static void ExpectError(const httplib::Result& r, int status, const std::string& mentions) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_NE(r->body.find(mentions), std::string::npos)
        << "should mention " << mentions << ": " << r->body;
  }

  e2e::SignedIn sec_;
  int id_ = 0;
};

TEST_P(ConversationTest, ParticipantsVoteAndTheLatestVoteWins) {
  // An anonymous participant: the first vote issues a token (JSON and cookie).
  auto first = Post("/votes", {{"statement", 1}, {"vote", "agree"}});
  ASSERT_EQ(first->status, 201) << first->body;
  json seat = json::parse(first->body);
  std::string token = seat["participant_token"];
  EXPECT_GE(token.size(), 32u);
  EXPECT_NE(first->get_header_value("set-cookie").find("plenary_participant="), std::string::npos);
  EXPECT_NE(first->get_header_value("set-cookie").find("HttpOnly"), std::string::npos);
  auto again =
      Post("/votes", {{"statement", 1}, {"vote", "disagree"}}, {{"X-Participant-Token", token}});
  ASSERT_EQ(again->status, 201) << again->body;
  EXPECT_EQ(json::parse(again->body)["participant"], seat["participant"]) << "the same participant";
  EXPECT_FALSE(json::parse(again->body).contains("participant_token"));
  json s1 = Counts(1);
  EXPECT_EQ(s1["agree"], 0);
  EXPECT_EQ(s1["disagree"], 1);

  // A signed-in member is their own participant, with the session's CSRF token.
  auto member = e2e::SignIn(*client_, "mem@o.test", kPassword);
  ASSERT_TRUE(member);
  auto by_member = Post("/votes", {{"statement", 2}, {"vote", -1}}, member->Headers());
  ASSERT_EQ(by_member->status, 201) << by_member->body;
  EXPECT_NE(json::parse(by_member->body)["participant"], seat["participant"]);
  ExpectError(Post("/votes", {{"statement", 2}, {"vote", "agree"}}, {{"Cookie", member->cookie}}),
              403, "CSRF");

  // A batch: one transaction, the last vote for a cell winning, within and across batches.
  auto batch = Post("/votes/batch",
                    json::array({{{"participant", 50}, {"statement", 3}, {"vote", "agree"}},
                                 {{"participant", 51}, {"statement", 3}, {"vote", "pass"}},
                                 {{"participant", 50}, {"statement", 3}, {"vote", "disagree"}}}),
                    sec_.Headers());
  ASSERT_EQ(batch->status, 201) << batch->body;
  EXPECT_EQ(json::parse(batch->body)["votes"], 2);
  EXPECT_EQ(json::parse(batch->body)["participants"], 2);
  json s3 = Counts(3);
  EXPECT_EQ(s3["agree"], 0);
  EXPECT_EQ(s3["disagree"], 1);
  EXPECT_EQ(s3["pass"], 1);
  // The same route takes an array from the secretariat; from anyone else it is refused.
  auto later = Post("/votes", json::array({{{"participant", 50}, {"statement", 3}, {"vote", 1}}}),
                    sec_.Headers());
  ASSERT_EQ(later->status, 201) << later->body;
  EXPECT_EQ(Counts(3)["agree"], 1);
  EXPECT_EQ(Counts(3)["disagree"], 0);
  ExpectError(Post("/votes", json::array({{{"participant", 9}, {"statement", 3}, {"vote", 1}}})),
              401, "batch");
  ExpectError(Post("/votes", json::array({{{"participant", 9}, {"statement", 3}, {"vote", 1}}}),
                   member->Headers()),
              403, "secretariat");
  EXPECT_EQ(TotalVotes(), 4);
}

TEST_P(ConversationTest, BadInputNamesTheFieldAndStoresNothing) {
  ExpectError(Post("/votes", {{"statement", 99}, {"vote", "agree"}}), 400, "'statement'");
  ExpectError(Post("/votes", {{"statement", 1}, {"vote", "maybe"}}), 400, "'vote'");
  ExpectError(Post("/votes", {{"vote", "agree"}}), 400, "'statement' is required");
  ExpectError(Post("/votes/batch",
                   json::array({{{"participant", 1}, {"statement", 1}, {"vote", "agree"}},
                                {{"participant", 2}, {"statement", 42}, {"vote", "agree"}}}),
                   sec_.Headers()),
              400, "votes[1].statement");
  ExpectError(Post("/votes/batch",
                   json::array({{{"participant", 1}, {"statement", 1}, {"vote", "agree"}},
                                {{"participant", 2}, {"statement", 1}, {"vote", "sometimes"}}}),
                   sec_.Headers()),
              400, "votes[1].vote");
  ExpectError(Post("/votes/batch", {{"participant", 1}}, sec_.Headers()), 400, "JSON array");
  ExpectError(Post("/seeds", {{"statements", {{{"text", ""}}}}}, sec_.Headers()), 400,
              "statements[0].text");
  ExpectError(client_->Post("/api/processes/1/conversations", sec_.Headers(),
                            json{{"description", "no topic"}}.dump(), "application/json"),
              400, "'topic'");
  EXPECT_EQ(TotalVotes(), 0) << "nothing was stored";

  // A closed conversation takes no votes, single or batch, and no statements.
  auto closed = client_->Patch(Path().c_str(), sec_.Headers(), json{{"open", false}}.dump(),
                               "application/json");
  ASSERT_EQ(closed->status, 200) << closed->body;
  EXPECT_FALSE(json::parse(closed->body)["open"].get<bool>());
  ExpectError(Post("/votes", {{"statement", 1}, {"vote", "agree"}}), 422, "'open' is false");
  ExpectError(
      Post("/votes/batch", json::array({{{"participant", 1}, {"statement", 1}, {"vote", "agree"}}}),
           sec_.Headers()),
      422, "closed");
  ExpectError(Post("/statements", {{"text", "Too late."}}), 422, "closed");
  EXPECT_EQ(TotalVotes(), 0);
  ExpectError(Post("/votes", {{"statement", 1}, {"vote", "agree"}}, {{"X-Participant-Token", "x"}}),
              422, "closed");
  auto unknown =
      client_->Post("/api/conversations/9999/votes",
                    json{{"statement", 1}, {"vote", "agree"}}.dump(), "application/json");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404) << unknown->body;
}

TEST_P(ConversationTest, ModerationIsRecordedAndDeletesNothing) {
  auto submitted = Post("/statements", {{"text", "Governments alone should decide."}});
  ASSERT_EQ(submitted->status, 201) << submitted->body;
  json s = json::parse(submitted->body);
  EXPECT_EQ(s["status"], "pending");
  int number = s["number"];
  json listed = Get(Path("/statements"));
  EXPECT_EQ(listed["count"], 3) << "pending statements are not shown to the public";
  EXPECT_EQ(listed["pending"], 1);
  ExpectError(Post("/votes", {{"statement", number}, {"vote", "agree"}}), 400, "pending");
  std::string moderation = "/statements/" + std::to_string(number) + "/moderation";
  ExpectError(Post(moderation, {{"decision", "reject"}}, sec_.Headers()), 400, "'reason'");
  ExpectError(Post(moderation, {{"decision", "delete"}, {"reason", "x"}}, sec_.Headers()), 400,
              "'decision'");
  ExpectError(Post(moderation, {{"decision", "reject"}, {"reason", "off topic"}}), 401, "sign in");
  auto rejected =
      Post(moderation, {{"decision", "reject"}, {"reason", "off topic"}}, sec_.Headers());
  ASSERT_EQ(rejected->status, 200) << rejected->body;
  EXPECT_EQ(json::parse(rejected->body)["reason"], "off topic");
  json all = Get(Path("/statements"), sec_.Headers());
  EXPECT_EQ(all["count"], 4) << "the secretariat still sees the rejected statement";
  EXPECT_EQ(all["rejected"], 1);
  bool kept = false;
  for (const json& item : all["statements"]) {
    kept = kept || (item["number"] == number && item["status"] == "rejected" &&
                    item["text"] == "Governments alone should decide.");
  }
  EXPECT_TRUE(kept) << all.dump();
  // Accepted, it can be voted on.
  ASSERT_EQ(Post(moderation, {{"decision", "accept"}}, sec_.Headers())->status, 200);
  EXPECT_EQ(Post("/votes", {{"statement", number}, {"vote", "agree"}})->status, 201);
}

TEST_P(ConversationTest, ResultsGroupOpinionsAndDeclaredStakeholderGroups) {
  // 40 participants declare a group and a country; two planted opinion camps.
  json votes = json::array();
  for (int i = 0; i < 40; ++i) {
    bool government = i % 2 == 0;
    auto seat =
        Post("/participants", {{"stakeholder_group", government ? "government" : "civil_society"},
                               {"country", government ? "FR" : "BRA"}});
    ASSERT_EQ(seat->status, 201) << seat->body;
    int p = json::parse(seat->body)["participant"];
    for (int statement = 1; statement <= 3; ++statement) {
      int vote = statement == 1 ? 1 : (government == (statement == 2) ? 1 : -1);
      votes.push_back({{"participant", p}, {"statement", statement}, {"vote", vote}});
    }
  }
  ExpectError(Post("/participants", {{"stakeholder_group", "pirates"}}), 400,
              "'stakeholder_group'");
  ExpectError(Post("/participants", {{"country", "XX"}}), 400, "'country'");
  ASSERT_EQ(Post("/votes/batch", votes, sec_.Headers())->status, 201);

  json results = Get(Path("/results"));
  ASSERT_TRUE(results["snapshot"].is_number()) << results.dump();
  EXPECT_EQ(results["votes"], 120);
  EXPECT_EQ(results["participants"], 40);
  EXPECT_GE(results["groups"].size(), 2u);
  EXPECT_EQ(results["map"]["kind"], "points");
  EXPECT_EQ(results["map"]["points"].size(), 40u);
  bool consensual = false;
  for (const json& c : results["consensus"]["agree"]) {
    consensual = consensual || c["statement"] == 1;
  }
  EXPECT_TRUE(consensual) << "everyone agrees with statement 1: " << results["consensus"].dump();
  int64_t tabulated = 0;
  for (const json& row : results["crosstab"]["stakeholder_group"]) {
    EXPECT_NE(row["key"], "") << "everyone declared";
    tabulated += row["total"].get<int64_t>();
  }
  EXPECT_EQ(tabulated, results["in_groups"].get<int64_t>());
  bool europe = false;
  for (const json& row : results["crosstab"]["region"]) {
    europe = europe || (row["key"] == "Europe" && row["total"] == 20);
  }
  EXPECT_TRUE(europe) << results["crosstab"]["region"].dump();

  json declared = Get(Path("/results?groups=stakeholder_group"));
  EXPECT_EQ(declared["grouping"], "stakeholder_group");
  ASSERT_EQ(declared["groups"].size(), 2u);
  for (const json& g : declared["groups"]) {
    EXPECT_EQ(g["size"], 20);
    ASSERT_FALSE(g["repness"].empty()) << g.dump();
    const json& top = g["repness"][0];
    // Governments agree with 2 and disagree with 3; civil society the reverse.
    if (g["key"] == "government") {
      EXPECT_TRUE((top["statement"] == 2 && top["side"] == "agree") ||
                  (top["statement"] == 3 && top["side"] == "disagree"))
          << top.dump();
    } else {
      EXPECT_EQ(g["key"], "civil_society");
      EXPECT_TRUE((top["statement"] == 3 && top["side"] == "agree") ||
                  (top["statement"] == 2 && top["side"] == "disagree"))
          << top.dump();
    }
  }
  ExpectError(client_->Get(Path("/results?groups=polis").c_str()), 400, "'groups'");
  ExpectError(client_->Get(Path("/results?groups=astrology").c_str()), 400, "'groups'");

  auto page = client_->Get(("/conversations/" + std::to_string(id_) + "/results").c_str(),
                           httplib::Headers{{"Accept", "text/html"}});
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("role=\"img\""), std::string::npos);
  EXPECT_NE(page->body.find("<caption"), std::string::npos);
  EXPECT_NE(page->body.find("Opinion map of"), std::string::npos);
}

TEST_P(ConversationTest, ASnapshotNeverChangesAndCanBeCited) {
  ASSERT_EQ(Post("/votes/batch",
                 json::array({{{"participant", 1}, {"statement", 1}, {"vote", 1}},
                              {{"participant", 2}, {"statement", 1}, {"vote", 1}},
                              {{"participant", 2}, {"statement", 2}, {"vote", -1}}}),
                 sec_.Headers())
                ->status,
            201);
  auto analysed = Post("/analysis", json::object(), sec_.Headers());
  ASSERT_EQ(analysed->status, 200) << analysed->body;
  int first = json::parse(analysed->body)["snapshot"];
  json cited = Get(Path("/results/" + std::to_string(first)));
  EXPECT_EQ(cited["votes"], 3);
  std::string citation = cited["citation"];
  EXPECT_NE(citation.find("Opinion map of “Enhanced cooperation”"), std::string::npos) << citation;
  EXPECT_NE(citation.find("Working Group on Enhanced Cooperation"), std::string::npos);
  EXPECT_NE(citation.find("snapshot " + std::to_string(first) + " of "), std::string::npos);
  EXPECT_NE(citation.find("2 participants, 3 votes"), std::string::npos) << citation;
  EXPECT_NE(
      citation.find("/conversations/" + std::to_string(id_) + "/results/" + std::to_string(first)),
      std::string::npos);

  ASSERT_EQ(Post("/votes/batch",
                 json::array({{{"participant", 3}, {"statement", 3}, {"vote", 0}},
                              {{"participant", 1}, {"statement", 1}, {"vote", -1}}}),
                 sec_.Headers())
                ->status,
            201);
  ASSERT_EQ(client_
                ->Patch(Path().c_str(), sec_.Headers(), json{{"topic", "Renamed"}}.dump(),
                        "application/json")
                ->status,
            200);
  json latest = Get(Path("/results"));
  EXPECT_GT(latest["snapshot"].get<int>(), first);
  EXPECT_EQ(latest["votes"], 4);
  EXPECT_EQ(Get(Path("/results/" + std::to_string(first))), cited) << "snapshots are immutable";
  EXPECT_EQ(Get(Path("/snapshots"))["snapshots"].size(), 2u);
  auto missing = client_->Get(Path("/results/999").c_str());
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_P(ConversationTest, TheVotingPageWorksWithoutJavaScript) {
  std::string page_path = "/conversations/" + std::to_string(id_);
  auto page = client_->Get(page_path.c_str(), httplib::Headers{{"Accept", "text/html"}});
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("accesskey=\"a\""), std::string::npos);
  EXPECT_NE(page->body.find("accesskey=\"d\""), std::string::npos);
  EXPECT_NE(page->body.find("accesskey=\"p\""), std::string::npos);
  std::string form_path = page_path + "/votes";
  auto voted = client_->Post(form_path.c_str(), httplib::Headers{{"Accept", "text/html"}},
                             "statement=1&vote=agree", "application/x-www-form-urlencoded");
  ASSERT_EQ(voted->status, 303) << voted->body;
  EXPECT_EQ(voted->get_header_value("location"), page_path + "?done=agree");
  std::string cookie = voted->get_header_value("set-cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  ASSERT_EQ(cookie.rfind("plenary_participant=", 0), 0u) << cookie;
  // With the cookie, a form without the participant's CSRF value is refused.
  httplib::Headers with_cookie = {{"Accept", "text/html"}, {"Cookie", cookie}};
  auto forged = client_->Post(form_path.c_str(), with_cookie, "statement=2&vote=agree",
                              "application/x-www-form-urlencoded");
  EXPECT_EQ(forged->status, 403) << forged->body;
  auto next = client_->Get((page_path + "?done=agree").c_str(), with_cookie);
  ASSERT_EQ(next->status, 200);
  EXPECT_NE(next->body.find("Your vote (agree) was recorded"), std::string::npos);
  std::string marker = "name=\"participant_csrf\" value=\"";
  size_t at = next->body.find(marker);
  ASSERT_NE(at, std::string::npos) << next->body;
  std::string csrf = next->body.substr(at + marker.size(), 40);
  auto genuine = client_->Post(form_path.c_str(), with_cookie,
                               "statement=2&vote=disagree&participant_csrf=" + csrf,
                               "application/x-www-form-urlencoded");
  EXPECT_EQ(genuine->status, 303) << genuine->body;
  EXPECT_EQ(Counts(2)["disagree"], 1);
  auto bad = client_->Post(form_path.c_str(), with_cookie,
                           "statement=2&vote=sideways&participant_csrf=" + csrf,
                           "application/x-www-form-urlencoded");
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("role=\"alert\""), std::string::npos);
  auto declared =
      client_->Post((page_path + "/participant").c_str(), with_cookie,
                    "stakeholder_group=academic_community&country=KEN&participant_csrf=" + csrf,
                    "application/x-www-form-urlencoded");
  EXPECT_EQ(declared->status, 303) << declared->body;
}

INSTANTIATE_TEST_SUITE_P(Backends, ConversationTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary
