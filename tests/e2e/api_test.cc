// The JSON API and pages end to end: a real `plenary serve` process on each backend, driven
// over HTTP like any client would.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include "accounts.h"
#include "server_fixture.h"

namespace plenary {
namespace {

using nlohmann::json;

class ApiTest : public e2e::ServerTest {
 protected:
  std::vector<std::string> ServerFlags() const override {
    return {"--read-timeout", "2", "--max-body-bytes", "65536"};
  }
  // A site administrator, who then appoints itself secretariat of the demo process.
  void BeforeServerStarts() override {
    ASSERT_EQ(e2e::AddUser(db_->url(), "--email admin@example.org --name Admin --admin",
                           "a long passphrase"),
              0);
  }
  void SetUp() override {
    e2e::ServerTest::SetUp();
    auto session = e2e::SignIn(*client_, "admin@example.org", "a long passphrase");
    ASSERT_TRUE(session);
    session_ = *session;
    auto r = Send("POST", "/api/processes/1/roles",
                  {{"email", "admin@example.org"}, {"role", "secretariat"}});
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
  }

  json GetJson(const std::string& path, int expected_status = 200) {
    auto r = client_->Get(path.c_str());
    EXPECT_TRUE(r) << path;
    if (!r) {
      return {};
    }
    EXPECT_EQ(r->status, expected_status) << path << ": " << r->body;
    EXPECT_EQ(r->get_header_value("content-type"), "application/json");
    return json::parse(r->body);
  }
  // Sends as the signed-in administrator.
  httplib::Result Send(const std::string& method, const std::string& path, const json& body) {
    return e2e::Send(*client_, method, path, session_.Headers(), body.dump());
  }
  static void ExpectError(const httplib::Result& r, int status, const std::string& code,
                          const std::string& mentions) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    json body = json::parse(r->body);
    EXPECT_EQ(body["error"]["code"], code) << r->body;
    EXPECT_NE(body["error"]["message"].get<std::string>().find(mentions), std::string::npos)
        << "message should mention '" << mentions << "': " << r->body;
  }

  e2e::SignedIn session_;
};

TEST_P(ApiTest, HealthzAnswersOkAndSaysWhereSearchesAreAnswered) {
  json health = GetJson("/healthz");
  EXPECT_EQ(health["status"], "ok");
  // In memory once the index has read the database (the demo: at once).
  std::string expected = "memory";
  for (int i = 0; i < 100 && health["search"] != expected; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    health = GetJson("/healthz");
  }
  EXPECT_EQ(health["search"], expected);
}

TEST_P(ApiTest, FirstStartLoadsTheWgecDemo) {
  json list = GetJson("/api/processes");
  ASSERT_EQ(list["count"], 1);
  json wgec = GetJson("/api/processes/1");
  EXPECT_EQ(wgec["short_name"], "WGEC 2016-2018");
  EXPECT_EQ(wgec["mandate_source"].get<std::string>().rfind("A/RES/70/125", 0), 0u);
  EXPECT_EQ(wgec["guiding_questions"].size(), 2u);
  int meetings = 0;
  for (const auto& m : wgec["milestones"]) {
    meetings += m["kind"] == "meeting";
  }
  EXPECT_EQ(meetings, 5);
  EXPECT_EQ(wgec["status"], "concluded");
}

TEST_P(ApiTest, DemoCompositionHasTheRecordedSeatsAndInventsNoHolders) {
  json c = GetJson("/api/processes/1/composition");
  EXPECT_EQ(c["seats"], 42);
  EXPECT_EQ(c["recorded"], 1);  // only ICANN's seat names its holder
  std::map<std::string, int> by_group;
  for (const auto& g : c["by_stakeholder_group"]) {
    by_group[g["key"]] = g["seats"];
  }
  EXPECT_EQ(by_group["government"], 22);
  EXPECT_EQ(by_group["private_sector"], 5);
  EXPECT_EQ(by_group["civil_society"], 5);
  EXPECT_EQ(by_group["technical_community"], 5);
  EXPECT_EQ(by_group["intergovernmental"], 5);
  for (const auto& g : c["by_regional_group"]) {
    if (!g["key"].get<std::string>().empty()) {
      EXPECT_EQ(g["seats"], 4) << g.dump();
    }
  }
  json members = GetJson("/api/processes/1/members");
  int chairs = 0;
  for (const auto& m : members["members"]) {
    if (m["role"] == "chair") {
      ++chairs;
      EXPECT_EQ(m["country"]["iso3"], "BRA");
    }
    if (m["role"] == "member" && !m["holder_recorded"].get<bool>()) {
      EXPECT_TRUE(m["person"].get<std::string>().empty());
      EXPECT_FALSE(m["seat_label"].get<std::string>().empty());
    }
  }
  EXPECT_EQ(chairs, 1);
}

TEST_P(ApiTest, CreatesReadsAndPatchesAProcess) {
  json input = {{"short_name", "IGF MAG 2026"},
                {"title", "Multistakeholder Advisory Group"},
                {"starts_on", "2026-01-01"},
                {"status", "active"},
                {"guiding_questions", {"What should the IGF discuss?"}}};
  auto r = Send("POST", "/api/processes", input);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  json created = json::parse(r->body);
  std::string location = r->get_header_value("location");
  EXPECT_EQ(location, "/api/processes/" + std::to_string(created["id"].get<int>()));
  EXPECT_EQ(GetJson(location)["guiding_questions"][0], "What should the IGF discuss?");

  auto patched = Send("PATCH", location, {{"title", "MAG"}, {"guiding_questions", json::array()}});
  ASSERT_TRUE(patched);
  ASSERT_EQ(patched->status, 200) << patched->body;
  json after = GetJson(location);
  EXPECT_EQ(after["title"], "MAG");
  EXPECT_EQ(after["short_name"], "IGF MAG 2026");  // untouched
  EXPECT_TRUE(after["guiding_questions"].empty());

  ExpectError(Send("POST", "/api/processes", input), 409, "conflict", "IGF MAG 2026");
}

TEST_P(ApiTest, CachedPublicReadsSeeWritesAtOnce) {
  EXPECT_EQ(GetJson("/api/processes")["count"], 1);
  EXPECT_EQ(GetJson("/api/processes")["count"], 1);  // now served from the micro-cache
  auto r = Send("POST", "/api/processes", {{"title", "T"}, {"short_name", "fresh"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201);
  EXPECT_EQ(GetJson("/api/processes")["count"], 2);
  // A client with credentials never gets a shared response.
  auto private_read = client_->Get("/api/processes", httplib::Headers{{"Cookie", "x=1"}});
  ASSERT_TRUE(private_read);
  EXPECT_EQ(json::parse(private_read->body)["count"], 2);
}

TEST_P(ApiTest, RefusesBadProcessInputNamingTheField) {
  ExpectError(Send("POST", "/api/processes", {{"short_name", "x"}}), 400, "invalid_argument",
              "title");
  ExpectError(Send("POST", "/api/processes", {{"title", "T"}, {"short_name", "x"}, {"colour", 1}}),
              400, "invalid_argument", "colour");
  ExpectError(Send("POST", "/api/processes",
                   {{"title", "T"}, {"short_name", "x"}, {"starts_on", "2016-02-30"}}),
              400, "invalid_argument", "starts_on");
  ExpectError(
      Send("POST", "/api/processes", {{"title", "T"}, {"short_name", "x"}, {"status", "done"}}),
      400, "invalid_argument", "status");
  ExpectError(Send("PATCH", "/api/processes/999", {{"title", "T"}}), 404, "not_found", "999");
  ExpectError(
      client_->Post("/api/processes", session_.Headers(), "{\"title\": ", "application/json"), 400,
      "invalid_argument", "not valid JSON");
  ExpectError(client_->Post("/api/processes", session_.Headers(), "title=x",
                            "application/x-www-form-urlencoded"),
              400, "invalid_argument", "application/json");
  ExpectError(client_->Post("/api/processes", "{}", "application/json"), 401, "unauthenticated",
              "sign in");
  EXPECT_EQ(GetJson("/api/processes")["count"], 1);  // nothing was written
}

TEST_P(ApiTest, AddsMembersWithReferenceCountries) {
  auto r = Send("POST", "/api/processes/1/members",
                {{"stakeholder_group", "government"}, {"role", "observer"}, {"country", "fr"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  json m = json::parse(r->body);
  EXPECT_EQ(m["country"]["iso3"], "FRA");
  EXPECT_EQ(m["country"]["region"], "Europe");
  EXPECT_EQ(m["regional_group"], "Western European and other States");

  auto ldc =
      Send("POST", "/api/processes/1/members",
           {{"stakeholder_group", "civil_society"}, {"country", "508"}, {"organisation", "X"}});
  ASSERT_TRUE(ldc);
  ASSERT_EQ(ldc->status, 201) << ldc->body;
  EXPECT_EQ(json::parse(ldc->body)["country"]["ldc"], true);  // Mozambique, by M49 code

  ExpectError(Send("POST", "/api/processes/1/members",
                   {{"stakeholder_group", "government"}, {"country", "XXX"}}),
              400, "invalid_argument", "unknown country code 'XXX'");
  ExpectError(
      Send("POST", "/api/processes/1/members", {{"stakeholder_group", "press"}, {"person", "A"}}),
      400, "invalid_argument", "unknown stakeholder group 'press'");
  ExpectError(Send("POST", "/api/processes/1/members", {{"stakeholder_group", "government"}}), 400,
              "invalid_argument", "seat_label");
  // The secretariat of process 1 holds no role in process 77 (which does not exist either).
  ExpectError(Send("POST", "/api/processes/77/members",
                   {{"stakeholder_group", "government"}, {"person", "A"}}),
              403, "permission_denied", "member.add");
  EXPECT_EQ(GetJson("/api/processes/1/composition")["observers"], 1);
}

TEST_P(ApiTest, UnknownRoutesAndMethodsAreJsonErrorsForTheApi) {
  auto missing = client_->Get("/api/nothing-here");
  ExpectError(missing, 404, "not_found", "/api/nothing-here");
  auto wrong = client_->Delete("/api/processes");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_NE(wrong->get_header_value("allow").find("GET"), std::string::npos);
  ExpectError(client_->Get("/api/processes/abc"), 404, "not_found", "abc");
}

TEST_P(ApiTest, PagesAreHtmlAndErrorsReadableForBrowsers) {
  httplib::Headers html = {{"Accept", "text/html"}};
  auto home = client_->Get("/", html);
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_NE(home->body.find("Working Group on Enhanced Cooperation"), std::string::npos);
  auto composition = client_->Get("/processes/1/composition", html);
  ASSERT_TRUE(composition);
  EXPECT_NE(composition->body.find("Holder not recorded"), std::string::npos);
  EXPECT_NE(composition->body.find("Internet Corporation for Assigned Names and Numbers"),
            std::string::npos);
  auto missing = client_->Get("/processes/42", html);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->get_header_value("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(missing->body.find("<h1>"), std::string::npos);
}

TEST_P(ApiTest, PageOutputIsEscaped) {
  auto r = Send("POST", "/api/processes",
                {{"short_name", "<script>alert(1)</script>"}, {"title", "A & B <i>"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201);
  auto page = client_->Get("/", httplib::Headers{{"Accept", "text/html"}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(page->body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page->body.find("A &amp; B &lt;i&gt;"), std::string::npos);
}

TEST_P(ApiTest, StaticAssetsRevalidateWithEtag) {
  auto css = client_->Get("/static/style.css");
  ASSERT_TRUE(css);
  ASSERT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("content-type"), "text/css; charset=utf-8");
  std::string etag = css->get_header_value("etag");
  ASSERT_FALSE(etag.empty());
  auto again = client_->Get("/static/style.css", httplib::Headers{{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  auto head = client_->Head("/api/processes/1");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
}

TEST_P(ApiTest, OversizedBodiesAreRefused) {
  std::string big(70000, 'x');
  auto r = client_->Post("/api/processes", session_.Headers(), big, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(GetJson("/api/processes")["count"], 1);
}

TEST_P(ApiTest, SlowClientsAreCutOffWithoutStallingOthers) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(server_->port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  std::string partial = "GET /healthz HTTP/1.1\r\nHost: x\r\n";  // never finished
  ASSERT_EQ(write(fd, partial.data(), partial.size()), static_cast<ssize_t>(partial.size()));
  // Another client is served meanwhile.
  EXPECT_EQ(GetJson("/healthz")["status"], "ok");
  timeval wait{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
  char buffer[64];
  auto t0 = std::chrono::steady_clock::now();
  ssize_t n = read(fd, buffer, sizeof(buffer));
  auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(n, 0) << "the server should close the connection";
  EXPECT_LT(waited, std::chrono::seconds(4));
  close(fd);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary
