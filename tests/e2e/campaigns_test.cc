// Mass comment campaigns end to end on each backend: contributions arriving through the API and
// through bulk import are grouped in the background, the listing collapses each campaign to its
// representative, the campaign page and API show what each person added, statistics count
// unique against campaign comments, and "submitted in my name without my consent" is recorded
// and shown.
#include <chrono>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>
#include <unistd.h>

#include "accounts.h"
#include "server_fixture.h"

namespace plenary {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "campaign passphrase";

std::string Template() {
  return "We the undersigned residents urge the agency to reject the proposed rule on river "
         "water quality. The rule would weaken the protections that keep our drinking water "
         "safe, allow more industrial discharge into the watershed, and shorten the public "
         "notice given before permits are granted. Communities downstream have already seen "
         "algae blooms and fish kills in recent summers, and the cost of treating water falls "
         "on households and small towns. We ask the agency to keep the current limits, to "
         "publish monitoring data every month, and to hold hearings in the affected counties "
         "before any change is made. Clean water is not a luxury; it is the basis of public "
         "health, of farming and of the local economy. Please withdraw the proposal and work "
         "with the communities that depend on the river.";
}

const std::vector<std::string> kPersonal = {
    "My family has lived beside the river for forty years.",
    "I am a nurse and I see what unsafe water does to children.",
    "Our well was contaminated in 2019.",
    "Think of the salmon.",
    "I teach biology at the county high school.",
    "Our well was contaminated in 2019.",
    "Please read this letter yourself.",
    "I kayak on this river with my grandchildren every summer.",
};

const std::vector<std::string> kUnique = {
    "I fish the river every weekend and the water has been cloudier each year. The agency "
    "should measure what the paper mill releases upstream before it relaxes any limit.",
    "As a farmer I rely on irrigation from the watershed. Monthly monitoring data would help "
    "us plan, but the proposed rule says nothing about who pays for the tests.",
    "The county water board supports the rule because the current permit process delays "
    "repairs to our treatment plant by many months without improving water quality.",
    "Please hold a hearing in the northern counties. Many residents there have no internet "
    "access and cannot follow a consultation that happens only online.",
    "Algae blooms are caused mostly by fertiliser runoff, not by industrial discharge. The "
    "rule should address agriculture directly, with support for buffer strips.",
};

class CampaignsTest : public e2e::ServerTest {
 protected:
  void BeforeServerStarts() override {
    const std::string& url = db_->url();
    ASSERT_EQ(e2e::RunPlenary("demo --db '" + url + "'"), 0);
    ASSERT_EQ(e2e::AddUser(url, "--email sec@k.test --name Sec --process 1 --role secretariat",
                           kPassword),
              0);
  }
  void SetUp() override {
    e2e::ServerTest::SetUp();
    auto sec = e2e::SignIn(*client_, "sec@k.test", kPassword);
    ASSERT_TRUE(sec);
    sec_ = *sec;
    auto r = client_->Post("/api/processes/1/calls", sec_.Headers(),
                           json{{"title", "River rule"},
                                {"opens_at", "2020-01-01T00:00:00Z"},
                                {"closes_at", "2100-01-01T00:00:00Z"}}
                               .dump(),
                           "application/json");
    ASSERT_TRUE(r && r->status == 201) << (r ? r->body : "");
    call_ = json::parse(r->body)["id"].get<int>();
  }
  std::string CallPath(const std::string& rest) {
    return "/api/calls/" + std::to_string(call_) + rest;
  }
  int Submit(const std::string& body, int n) {
    auto r =
        client_->Post(CallPath("/contributions").c_str(),
                      json{{"author_name", "Person " + std::to_string(n)}, {"body", body}}.dump(),
                      "application/json");
    EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "");
    return r && r->status == 201 ? json::parse(r->body)["id"].get<int>() : 0;
  }
  json Get(const std::string& path, const httplib::Headers& headers = {}) {
    auto r = client_->Get(path.c_str(), headers);
    EXPECT_TRUE(r && r->status == 200) << path << ": " << (r ? r->body : "");
    return r && r->status == 200 ? json::parse(r->body) : json();
  }
  std::string Page(const std::string& path) {
    auto r = client_->Get(path.c_str(), httplib::Headers{{"Accept", "text/html"}});
    EXPECT_TRUE(r && r->status == 200) << path << ": " << (r ? r->body : "");
    return r ? r->body : "";
  }
  // The call's campaigns once detection shows one of `count` members (bounded: 20 s).
  json WaitForCampaign(int count) {
    json campaigns;
    for (int i = 0; i < 200; ++i) {
      campaigns = Get(CallPath("/campaigns"));
      if (campaigns.is_object() && campaigns["count"] == 1 &&
          campaigns["campaigns"][0]["count"] == count) {
        return campaigns;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "no campaign of " << count << " within 20 s: " << campaigns.dump();
    return campaigns;
  }

  e2e::SignedIn sec_;
  int call_ = 0;
};

TEST_P(CampaignsTest, ContributionsArrivingJoinACampaignThatTheListCollapses) {
  int n = 0;
  for (int i = 0; i < 4; ++i) {
    Submit(Template(), ++n);
  }
  for (const std::string& sentence : kPersonal) {
    Submit(Template() + " " + sentence, ++n);
  }
  for (const std::string& text : kUnique) {
    Submit(text, ++n);
  }
  auto started = std::chrono::steady_clock::now();
  json campaigns = WaitForCampaign(12);
  auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  EXPECT_LT(waited.count(), 5000) << "detection runs about every half second";
  json stats = campaigns["statistics"];
  EXPECT_EQ(stats["contributions"], 17);
  EXPECT_EQ(stats["in_campaigns"], 12);
  EXPECT_EQ(stats["unique"], 5);
  EXPECT_EQ(stats["campaigns"], 1);
  EXPECT_NEAR(stats["campaign_share"].get<double>(), 12.0 / 17.0, 1e-9);
  json campaign = campaigns["campaigns"][0];
  EXPECT_EQ(campaign["representative"]["copies"], 4);
  EXPECT_FALSE(campaign["burst"].get<bool>());
  const int id = campaign["id"].get<int>();

  json collapsed = Get(CallPath("/contributions?collapse=campaigns"));
  EXPECT_EQ(collapsed["matching"], 6) << "one representative and five unique";
  ASSERT_EQ(collapsed["contributions"].size(), 6u);
  int badges = 0;
  for (const json& c : collapsed["contributions"]) {
    if (c.contains("campaign")) {
      ++badges;
      EXPECT_EQ(c["campaign"]["count"], 12);
      EXPECT_EQ(c["campaign"]["id"], id);
      EXPECT_EQ(c["id"], campaign["representative"]["id"]);
    }
  }
  EXPECT_EQ(badges, 1);
  EXPECT_EQ(Get(CallPath("/contributions"))["matching"], 17);
  auto bad = client_->Get(CallPath("/contributions?collapse=everything").c_str());
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("'collapse'"), std::string::npos) << bad->body;

  json detail = Get("/api/campaigns/" + std::to_string(id));
  ASSERT_EQ(detail["members"].size(), 12u);
  std::vector<std::string> added;
  for (const json& m : detail["members"]) {
    for (const json& phrase : m["added"]) {
      added.push_back(phrase.get<std::string>());
    }
  }
  EXPECT_EQ(added.size(), 8u);
  EXPECT_NE(std::find(added.begin(), added.end(), "think of the salmon"), added.end());
  EXPECT_EQ(detail["top_additions"][0]["phrase"], "our well was contaminated in 2019");
  EXPECT_EQ(detail["top_additions"][0]["count"], 2);
  EXPECT_EQ(detail["representative"]["text"], Template());
  json paged = Get("/api/campaigns/" + std::to_string(id) + "?limit=5");
  EXPECT_EQ(paged["members"].size(), 5u);
  EXPECT_TRUE(paged["next"].is_string());

  std::string list = Page("/calls/" + std::to_string(call_) + "/contributions?collapse=campaigns");
  EXPECT_NE(list.find("Campaign: 12 near-identical contributions, show all"), std::string::npos);
  std::string page = Page("/campaigns/" + std::to_string(id));
  EXPECT_NE(page.find("<mark>think of the salmon</mark>"), std::string::npos);
  EXPECT_NE(page.find("<mark>our well was contaminated in 2019</mark> · added by 2 people"),
            std::string::npos);
  std::string overview = Page("/calls/" + std::to_string(call_) + "/campaigns");
  EXPECT_NE(overview.find("5 unique contributions and 12 in 1 campaigns."), std::string::npos);
  EXPECT_NE(overview.find("70.6 %"), std::string::npos);

  auto exported = client_->Get(CallPath("/campaigns.jsonl").c_str());
  ASSERT_TRUE(exported && exported->status == 200);
  int lines = 0;
  int members = 0;
  for (size_t start = 0; start < exported->body.size();) {
    size_t end = exported->body.find('\n', start);
    json line = json::parse(exported->body.substr(start, end - start));
    members += line["type"] == "member";
    ++lines;
    start = end + 1;
  }
  EXPECT_EQ(members, 12);
  EXPECT_EQ(lines, 14) << "statistics, one campaign, twelve members";

  // The next copy joins the same campaign.
  Submit(Template() + " Think of the salmon.", ++n);
  WaitForCampaign(13);

  // Withheld (as spam, say), the representative takes nobody with it: collapsed, the list
  // shows the campaign's other twelve members one by one, beside the five unique ones.
  auto withheld = client_->Post(
      ("/api/contributions/" + campaign["representative"]["id"].dump() + "/moderation").c_str(),
      sec_.Headers(), json{{"decision", "withhold"}, {"reason", "spam"}}.dump(),
      "application/json");
  ASSERT_EQ(withheld->status, 200) << withheld->body;
  EXPECT_EQ(Get(CallPath("/contributions?collapse=campaigns"))["matching"], 17);
}

TEST_P(CampaignsTest, ConsentFlagsAreRecordedShownAndSeenByTheSecretariat) {
  const int id = Submit(Template(), 1);
  const std::string flag = "/api/contributions/" + std::to_string(id) + "/consent-flag";
  auto refused =
      client_->Post(flag.c_str(), json{{"statement", "Not me."}}.dump(), "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_NE(refused->body.find("'contact'"), std::string::npos) << refused->body;
  json body = {{"statement", "I never wrote this."}, {"contact", "ana@example.org"}};
  auto first = client_->Post(flag.c_str(), body.dump(), "application/json");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 201) << first->body;
  auto again = client_->Post(flag.c_str(), body.dump(), "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_FALSE(json::parse(again->body)["recorded"].get<bool>());
  // The form on the contribution's page, as a browser without an account sends it.
  auto form = client_->Post(("/contributions/" + std::to_string(id) + "/consent-flag").c_str(),
                            httplib::Headers{{"Accept", "text/html"}},
                            "statement=Not+me+either&contact=bo%40example.org",
                            "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 201) << form->body;
  EXPECT_NE(form->body.find("Your statement is recorded"), std::string::npos);

  EXPECT_EQ(Get("/api/contributions/" + std::to_string(id) + "/consent")["consent_flags"], 2);
  std::string page = Page("/contributions/" + std::to_string(id));
  EXPECT_NE(page.find("2 people say this was submitted in their name without their consent."),
            std::string::npos);
  EXPECT_NE(page.find("action=\"/contributions/" + std::to_string(id) + "/consent-flag\""),
            std::string::npos);
  EXPECT_EQ(page.find("ana@example.org"), std::string::npos) << "contacts are not public";

  auto hidden = client_->Get(CallPath("/consent-flags").c_str());
  ASSERT_TRUE(hidden);
  EXPECT_EQ(hidden->status, 401);
  json flags = Get(CallPath("/consent-flags"), sec_.Headers());
  ASSERT_EQ(flags["count"], 2);
  EXPECT_EQ(flags["flags"][0]["contact"], "ana@example.org");
  EXPECT_EQ(flags["flags"][1]["statement"], "Not me either");
  EXPECT_EQ(Get("/api/contributions/" + std::to_string(id))["id"], id) << "nothing deleted";
}

TEST_P(CampaignsTest, BulkImportDetectsCampaignsToo) {
  char dir[] = "/tmp/plenary-campaigns-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string file = std::string(dir) + "/letters.jsonl";
  {
    FILE* f = fopen(file.c_str(), "w");
    for (int i = 0; i < 11; ++i) {
      std::string body = Template() + (i % 3 == 0 ? " Think of the salmon." : "");
      fputs((json{{"author_name", "Imported " + std::to_string(i)},
                  {"body", body},
                  {"submitted_at",
                   "2016-10-01T09:00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + "Z"}}
                 .dump() +
             "\n")
                .c_str(),
            f);
    }
    for (const std::string& text : kUnique) {
      fputs((json{{"author_name", "Unique"}, {"body", text}}.dump() + "\n").c_str(), f);
    }
    fclose(f);
  }
  e2e::CommandRun run = e2e::RunPlenaryOutput("import contributions --db '" + db_->url() +
                                              "' --call " + std::to_string(call_) + " " + file);
  const std::string& out = run.out;
  EXPECT_EQ(run.exit_code, 0) << out;
  EXPECT_NE(out.find("Imported 16 contributions"), std::string::npos) << out;
  EXPECT_NE(out.find("Campaign detection:"), std::string::npos) << out;
  json campaigns = WaitForCampaign(11);
  EXPECT_EQ(campaigns["statistics"]["unique"], 5);
  json campaign = campaigns["campaigns"][0];
  EXPECT_EQ(campaign["first_arrival"], "2016-10-01T09:00:00Z");
  EXPECT_EQ(campaign["last_arrival"], "2016-10-01T09:00:10Z");
  EXPECT_EQ(campaign["peak_per_minute"], 11);
  std::remove(file.c_str());
  rmdir(dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, CampaignsTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary
