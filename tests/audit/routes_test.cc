// The audit API and the history page, dispatched through a real router and site.
#include "audit/routes.h"

#include <gtest/gtest.h>

#include "audit/module.h"
#include "audit/redact.h"
#include "audit_fixture.h"

namespace plenary::audit {
namespace {

using nlohmann::json;

class RoutesTest : public AuditDatabaseTest {
 protected:
  void SetUp() override {
    AuditDatabaseTest::SetUp();
    auto site = web::Site::Load();
    ASSERT_TRUE(site) << site.error().ToString();
    site_ = std::move(*site);
    ASSERT_TRUE(Install(router_, *site_, *db_).ok());
    ASSERT_TRUE(AppendOne(ProcessChange(1, "create", nullptr, {{"title", "A <b>"}})).ok());
    ASSERT_TRUE(AppendOne(ProcessChange(1, "update", {{"title", "A <b>"}}, {{"title", "B"}})).ok());
    ASSERT_TRUE(AppendOne(Change{"member", "4", 1, "add", nullptr, {{"person", "Bo"}}}).ok());
  }

  http::Response Get(std::string_view target, bool html = false) {
    http::Request request;
    request.target = target;
    size_t q = target.find('?');
    request.path = target.substr(0, q);
    if (q != std::string_view::npos) {
      request.query = http::ParseQuery(target.substr(q + 1));
    }
    if (html) {
      request.headers.Set("accept", "text/html");
    }
    return router_.Dispatch(request);
  }

  std::unique_ptr<web::Site> site_;
  http::Router router_;
};

TEST_P(RoutesTest, ObjectHistoryAsJson) {
  http::Response r = Get("/api/audit?object_type=process&object_id=1");
  ASSERT_EQ(r.status, 200) << r.body;
  json body = json::parse(r.body);
  EXPECT_EQ(body["count"], 2);
  EXPECT_EQ(body["entries"][0]["action"], "create");
  EXPECT_EQ(body["entries"][1]["actor"], "Ana");
  EXPECT_EQ(body["entries"][1]["before"]["title"], "A <b>");
  EXPECT_EQ(body["entries"][1]["after"]["title"], "B");
  EXPECT_EQ(body["entries"][1]["prev_hash"], body["entries"][0]["hash"]);
  EXPECT_EQ(Get("/api/audit?object_type=process").status, 400);
}

TEST_P(RoutesTest, ProcessEntriesArePaged) {
  http::Response r = Get("/api/processes/1/audit?limit=2");
  ASSERT_EQ(r.status, 200) << r.body;
  json body = json::parse(r.body);
  EXPECT_EQ(body["count"], 2);
  EXPECT_EQ(body["next"], "/api/processes/1/audit?after=2&limit=2");
  body = json::parse(Get("/api/processes/1/audit?after=2&limit=2").body);
  EXPECT_EQ(body["count"], 1);
  EXPECT_EQ(body["entries"][0]["object_type"], "member");
  EXPECT_TRUE(body["next"].is_null());
  EXPECT_EQ(Get("/api/processes/1/audit?limit=x").status, 400);
  EXPECT_EQ(Get("/api/processes/x/audit").status, 404);
}

TEST_P(RoutesTest, HistoryPageShowsWhoDidWhatWhenAndTheChangedFields) {
  http::Response r = Get("/history/process/1", true);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("History of process 1"), std::string::npos);
  EXPECT_NE(r.body.find("Updated by Ana"), std::string::npos);
  EXPECT_NE(r.body.find("2 January 2026, 03:04:05 UTC"), std::string::npos);
  EXPECT_NE(r.body.find("<caption>Fields changed by entry 2</caption>"), std::string::npos);
  EXPECT_NE(r.body.find("<th scope=\"row\"><code>title</code></th><td>A &lt;b&gt;</td><td>B</td>"),
            std::string::npos);
  EXPECT_EQ(r.body.find("audit."), std::string::npos) << "a catalog key is missing";
  EXPECT_NE(r.body.find("/api/audit?object_type=process&amp;object_id=1"), std::string::npos);
}

TEST_P(RoutesTest, HistoryPageOfAnObjectWithoutChanges) {
  http::Response r = Get("/history/member/99", true);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("No change to this object has been recorded."), std::string::npos);
}

TEST_P(RoutesTest, ErasedEntriesShowThePseudonymAndNoValues) {
  Status s = db_->Transaction([](storage::Connection& c) {
    auto report = Redact(c, {7, "erased person #7", {{"member", "4"}}, {1, "Officer"}},
                         *ParseIso8601("2026-05-06T07:08:09Z"));
    return detail::ToStatus(report);
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  json body = json::parse(Get("/api/audit?object_type=member&object_id=4").body);
  ASSERT_EQ(body["count"], 1);
  EXPECT_EQ(body["entries"][0]["actor"], "erased person #7");
  EXPECT_EQ(body["entries"][0]["redacted"], true);
  EXPECT_EQ(body["entries"][0]["after"], json({{"redacted", true}}));
  body = json::parse(Get("/api/audit?object_type=person&object_id=7").body);
  ASSERT_EQ(body["count"], 1);
  EXPECT_EQ(body["entries"][0]["action"], "erase");
  EXPECT_EQ(body["entries"][0]["after"]["redacted"], 3);

  http::Response r = Get("/history/member/4", true);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Added by erased person #7"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("has been erased"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("<td>Bo</td>"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("Ana"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("No field changed"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("audit."), std::string::npos) << "a catalog key is missing";
}

INSTANTIATE_TEST_SUITE_P(Backends, RoutesTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::audit
