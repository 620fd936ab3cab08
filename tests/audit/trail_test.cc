// Appending to and verifying the audit trail's hash chain, on every backend.
#include "audit/trail.h"

#include <set>

#include <gtest/gtest.h>

#include "audit_fixture.h"

namespace plenary::audit {
namespace {

using nlohmann::json;

class TrailTest : public AuditDatabaseTest {
 protected:
  // Three entries: process 1 created, then updated, then process 2 created.
  void AppendThree() {
    ASSERT_TRUE(AppendOne(ProcessChange(1, "create", nullptr, {{"title", "A"}})).ok());
    ASSERT_TRUE(AppendOne(ProcessChange(1, "update", {{"title", "A"}}, {{"title", "B"}})).ok());
    ASSERT_TRUE(AppendOne(ProcessChange(2, "create", nullptr, {{"title", "C"}})).ok());
  }
};

TEST_P(TrailTest, EmptyLogIsIntact) {
  auto report = Verify(*db_);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_TRUE(report->intact());
  EXPECT_EQ(report->entries, 0);
}

TEST_P(TrailTest, AppendsChainedEntriesThatVerify) {
  AppendThree();
  auto report = Verify(*db_);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_TRUE(report->intact()) << report->what;
  EXPECT_EQ(report->entries, 3);
  EXPECT_EQ(report->last_id, 3);

  auto first = History(*db_, "process", "1");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 2u);
  const Entry& created = (*first)[0];
  EXPECT_EQ(created.id, 1);
  EXPECT_EQ(created.at, "2026-01-02T03:04:05Z");
  EXPECT_EQ(created.actor.user_id, 7);
  EXPECT_EQ(created.actor.label, "Ana");
  EXPECT_EQ(created.process_id, 1);
  EXPECT_EQ(created.before_json, "null");
  EXPECT_EQ(created.after_json, R"({"title":"A"})");
  EXPECT_EQ(created.prev_hash, "");
  EXPECT_EQ(created.hash, ComputeHash(created));
  EXPECT_EQ(created.hash.size(), 64u);
  EXPECT_EQ((*first)[1].prev_hash, created.hash);
  EXPECT_EQ(report->last_hash, History(*db_, "process", "2")->at(0).hash);
}

TEST_P(TrailTest, AnAlteredRowIsNamed) {
  AppendThree();
  Tamper(R"(UPDATE audit_log SET after_json = '{"title":"Z"}' WHERE id = 2)");
  auto report = Verify(*db_);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_FALSE(report->intact());
  EXPECT_EQ(report->breach, Breach::kHashMismatch);
  EXPECT_EQ(report->broken_id, 2);
  EXPECT_EQ(report->entries, 1);
  EXPECT_NE(report->what.find("hash mismatch"), std::string::npos) << report->what;
}

TEST_P(TrailTest, AnAlteredActorOrTimeIsNamed) {
  AppendThree();
  Tamper("UPDATE audit_log SET actor_label = 'Someone else' WHERE id = 3");
  auto report = Verify(*db_);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->breach, Breach::kHashMismatch);
  EXPECT_EQ(report->broken_id, 3);
}

TEST_P(TrailTest, NewEntriesAreFormat2WithSaltedDigests) {
  AppendThree();
  auto history = History(*db_, "process", "1");
  ASSERT_TRUE(history);
  const Entry& a = (*history)[0];
  const Entry& b = (*history)[1];
  EXPECT_EQ(a.format, kFormatV2);
  EXPECT_EQ(a.actor_salt.size(), 32u);
  EXPECT_EQ(a.actor_salt.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(a.payload_salt.size(), 32u);
  EXPECT_EQ(a.actor_digest, ActorDigest(a.actor_salt, "Ana"));
  EXPECT_EQ(a.payload_digest, PayloadDigest(a.payload_salt, "null", R"({"title":"A"})"));
  EXPECT_FALSE(a.redacted());
  // A salt per entry and per value: the same name gives unrelated digests.
  EXPECT_NE(a.actor_salt, b.actor_salt);
  EXPECT_NE(a.actor_salt, a.payload_salt);
  EXPECT_NE(a.actor_digest, b.actor_digest);
}

// Salts come from a buffer refilled 4 KiB (256 salts) at a time: across refills every salt of
// 600 entries is still new.
TEST_P(TrailTest, EverySaltIsNewAcrossRefillsOfTheBuffer) {
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(AppendOne(ProcessChange(1, "update", nullptr, {{"n", i}})).ok());
  }
  auto entries = History(*db_, "process", "1");
  ASSERT_TRUE(entries) << entries.error().ToString();
  ASSERT_EQ(entries->size(), 300u);
  std::set<std::string> salts;
  for (const Entry& e : *entries) {
    EXPECT_EQ(e.actor_salt.size(), 32u);
    salts.insert(e.actor_salt);
    salts.insert(e.payload_salt);
  }
  EXPECT_EQ(salts.size(), 600u);
  EXPECT_EQ(salts.count(std::string(32, '0')), 0u);  // wiped bytes are never handed out
}

TEST_P(TrailTest, AnAlteredPayloadOfAFormat2RowIsNamed) {
  AppendThree();
  Tamper(R"(UPDATE audit_log SET before_json = '{"title":"Z"}' WHERE id = 2)");
  auto report = Verify(*db_);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->breach, Breach::kHashMismatch);
  EXPECT_EQ(report->broken_id, 2);
  EXPECT_NE(report->what.find("do not match their digest"), std::string::npos) << report->what;
}

TEST_P(TrailTest, AnAlteredDigestIsNamed) {
  AppendThree();
  Entry e = History(*db_, "process", "1")->at(1);
  // Consistent salt, value and digest, but the hash covers the old digest.
  Tamper("UPDATE audit_log SET actor_label = ?, actor_digest = ? WHERE id = 2",
         {std::string("Mallory"), ActorDigest(e.actor_salt, "Mallory")});
  auto report = Verify(*db_);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->breach, Breach::kHashMismatch);
  EXPECT_EQ(report->broken_id, 2);
  EXPECT_NE(report->what.find("the content was altered"), std::string::npos) << report->what;
}

TEST_P(TrailTest, ARehashedRowBreaksTheNextLink) {
  AppendThree();
  Entry forged = History(*db_, "process", "1")->at(1);
  forged.after_json = R"({"title":"Z"})";
  forged.payload_digest = PayloadDigest(forged.payload_salt, forged.before_json, forged.after_json);
  Tamper("UPDATE audit_log SET after_json = ?, payload_digest = ?, hash = ? WHERE id = 2",
         {forged.after_json, forged.payload_digest, ComputeHash(forged)});
  auto report = Verify(*db_);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->breach, Breach::kLinkBroken);
  EXPECT_EQ(report->broken_id, 3);
  EXPECT_NE(report->what.find("prev_hash"), std::string::npos) << report->what;
}

TEST_P(TrailTest, ADeletedMiddleRowIsCaught) {
  AppendThree();
  Tamper("DELETE FROM audit_log WHERE id = 2");
  auto report = Verify(*db_);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->breach, Breach::kGap);
  EXPECT_EQ(report->broken_id, 2);
  EXPECT_EQ(report->entries, 1);
  EXPECT_NE(report->what.find("missing"), std::string::npos) << report->what;
}

TEST_P(TrailTest, ADeletedFirstRowIsCaught) {
  AppendThree();
  Tamper("DELETE FROM audit_log WHERE id = 1");
  auto report = Verify(*db_);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->breach, Breach::kGap);
  EXPECT_EQ(report->broken_id, 1);
}

TEST_P(TrailTest, AnEntryRollsBackWithItsTransaction) {
  ASSERT_TRUE(AppendOne(ProcessChange(1, "create", nullptr, {{"title", "A"}})).ok());
  Status failed = db_->Transaction([](storage::Connection& c) -> Status {
    RETURN_IF_ERROR(Append(c, {}, ProcessChange(1, "update", nullptr, nullptr), {}));
    return Conflict("the change itself failed");
  });
  EXPECT_EQ(failed.code(), StatusCode::kConflict);
  ASSERT_TRUE(AppendOne(ProcessChange(1, "update", {{"title", "A"}}, {{"title", "B"}})).ok());
  auto history = History(*db_, "process", "1");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[1].id, 2);  // ids stay dense: the rolled-back entry left no gap
  EXPECT_TRUE(Verify(*db_)->intact());
}

TEST_P(TrailTest, RefusesAnEntryWithoutObjectOrAction) {
  EXPECT_EQ(AppendOne(Change{"", "1", {}, "create", nullptr, nullptr}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(AppendOne(Change{"process", "1", {}, "", nullptr, nullptr}).code(),
            StatusCode::kInvalidArgument);
}

TEST_P(TrailTest, HistoryAndProcessListingAreInOrderAndPaged) {
  AppendThree();
  ASSERT_TRUE(AppendOne(Change{"member", "5", 1, "add", nullptr, {{"person", "Bo"}}}).ok());
  ASSERT_TRUE(AppendOne(ProcessChange(1, "update", {{"title", "B"}}, {{"title", "D"}})).ok());

  auto history = History(*db_, "process", "1");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].action, "create");
  EXPECT_EQ((*history)[1].id, 2);
  EXPECT_EQ((*history)[2].id, 5);
  EXPECT_TRUE(History(*db_, "process", "9")->empty());

  auto first_page = ListForProcess(*db_, 1, {.after_id = 0, .limit = 2});
  ASSERT_TRUE(first_page);
  ASSERT_EQ(first_page->size(), 2u);
  EXPECT_EQ((*first_page)[1].id, 2);
  auto second_page = ListForProcess(*db_, 1, {.after_id = 2, .limit = 2});
  ASSERT_TRUE(second_page);
  ASSERT_EQ(second_page->size(), 2u);
  EXPECT_EQ((*second_page)[0].object_type, "member");
  EXPECT_EQ((*second_page)[1].id, 5);
  EXPECT_TRUE(ListForProcess(*db_, 1, {.after_id = 5, .limit = 2})->empty());
}

TEST_P(TrailTest, VerifyWalksPastOneBatch) {
  Status s = db_->Transaction([](storage::Connection& c) -> Status {
    for (int i = 1; i <= 1203; ++i) {
      RETURN_IF_ERROR(Append(c, {}, ProcessChange(1, "update", i - 1, i), {}));
    }
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto report = Verify(*db_);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->intact()) << report->what;
  EXPECT_EQ(report->entries, 1203);
  Tamper("UPDATE audit_log SET before_json = '0' WHERE id = 1102");
  report = Verify(*db_);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->broken_id, 1102);
  EXPECT_EQ(report->entries, 1101);
}

TEST_P(TrailTest, JsonFormShowsParsedValues) {
  AppendThree();
  json entry = ToJson(History(*db_, "process", "1")->at(1));
  EXPECT_EQ(entry["actor"], "Ana");
  EXPECT_EQ(entry["action"], "update");
  EXPECT_EQ(entry["before"], json({{"title", "A"}}));
  EXPECT_EQ(entry["after"], json({{"title", "B"}}));
  EXPECT_EQ(entry["process_id"], 1);
  EXPECT_EQ(entry["hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(entry["format"], 2);
  EXPECT_EQ(entry["redacted"], false);
  EXPECT_TRUE(entry["redacted_at"].is_null());
  EXPECT_EQ(entry["payload_digest"].get<std::string>().size(), 64u);
  EXPECT_FALSE(entry.contains("actor_salt"));
  EXPECT_FALSE(entry.contains("payload_salt"));
}

INSTANTIATE_TEST_SUITE_P(Backends, TrailTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::audit
