// The module's SQL and use cases against a real database, on every backend: votes upserted in
// chunks with the latest winning, pages of a scan, participants added by batches, snapshots.
#include "conversation/store.h"

#include <gtest/gtest.h>

#include "conversation/analyst.h"
#include "conversation/commands.h"
#include "conversation/polis_exchange.h"
#include "process/commands.h"
#include "process/demo.h"
#include "process/module.h"
#include "storage/migrator.h"
#include "support/temp_database.h"

namespace plenary::conversation {
namespace {

using nlohmann::json;

const audit::Actor kTester{0, "test"};

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto db = OpenTempDatabase(GetParam());
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::BuiltinMigrations()).has_value());
    ASSERT_TRUE(process::LoadReferenceData(*db_).ok());
    auto countries = process::LoadCountryMap(*db_);
    ASSERT_TRUE(countries);
    ctx_.emplace(Context{*db_, clock_, *countries});
    process::Context pctx{*db_, clock_, *countries};
    auto p = process::CreateProcess(
        pctx, kTester, {{"short_name", "WG"}, {"title", "Working Group"}, {"status", "active"}});
    ASSERT_TRUE(p) << p.error().ToString();
    process_id_ = p->id;
    auto c = CreateConversation(*ctx_, kTester, p->id, {{"topic", "Topic"}});
    ASSERT_TRUE(c) << c.error().ToString();
    id_ = c->id;
    std::vector<NewStatement> seeds(5, NewStatement{"A statement", "", false});
    ASSERT_TRUE(SeedStatements(*ctx_, kTester, id_, seeds));
  }
  std::vector<store::StoredVote> All() {
    std::vector<store::StoredVote> out;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) {
                     return store::ScanVotes(c, id_, [&](std::span<const store::StoredVote> page) {
                       out.insert(out.end(), page.begin(), page.end());
                     });
                   })
                    .ok());
    return out;
  }

  std::unique_ptr<storage::Database> db_;
  SystemClock clock_;
  std::optional<Context> ctx_;
  int64_t id_ = 0;
  int64_t process_id_ = 0;
};

TEST_P(StoreTest, ABatchWritesEveryChunkAndTheLatestVoteWins) {
  std::vector<Vote> votes;
  for (int64_t p = 1; p <= 125; ++p) {  // 625 cells: chunks of 512, 64, 8 and 1
    for (int64_t s = 1; s <= 5; ++s) {
      votes.push_back({p, s, VoteValue::kAgree, 0});
    }
  }
  votes.push_back({7, 3, VoteValue::kDisagree, 0});  // later in the batch: wins
  auto done = IngestVotes(*ctx_, kTester, id_, votes);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->votes, 625);
  EXPECT_EQ(done->participants, 125);
  ASSERT_TRUE(IngestVotes(*ctx_, kTester, id_, {{7, 4, VoteValue::kPass, 0}}));
  std::vector<store::StoredVote> all = All();
  ASSERT_EQ(all.size(), 625u);
  for (const store::StoredVote& v : all) {
    int expected = v.participant == 7 && v.statement == 3   ? -1
                   : v.participant == 7 && v.statement == 4 ? 0
                                                            : 1;
    EXPECT_EQ(v.value, expected) << v.participant << "/" << v.statement;
  }
  // A new participant made by the server takes the number after the batch's.
  auto seat = Join(*ctx_, id_, Voter{std::nullopt, "", kTester}, "api");
  ASSERT_TRUE(seat) << seat.error().ToString();
  EXPECT_EQ(seat->participant.number, 126);
  EXPECT_FALSE(seat->issued_token.empty());
  auto again = Join(*ctx_, id_, Voter{std::nullopt, seat->issued_token, kTester}, "api");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->participant.number, 126);
  EXPECT_TRUE(again->issued_token.empty());
}

TEST_P(StoreTest, AScanReadsPastOnePage) {
  std::vector<Vote> votes;
  for (int64_t p = 1; p <= 14000; ++p) {  // 70,000 cells: more than one page of 65,536
    for (int64_t s = 1; s <= 5; ++s) {
      votes.push_back({p, s, s % 2 ? VoteValue::kAgree : VoteValue::kDisagree, 0});
    }
  }
  ASSERT_TRUE(IngestVotes(*ctx_, kTester, id_, votes));
  std::vector<store::StoredVote> all = All();
  ASSERT_EQ(all.size(), 70000u);
  EXPECT_EQ(all.back().participant, 14000);
  EXPECT_EQ(all.back().statement, 5);
}

TEST_P(StoreTest, TheAnalystStoresNumberedSnapshotsOnlyWhenSomethingChanged) {
  Analyst analyst(*ctx_);
  auto none = analyst.Refresh(id_);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none) << "no votes, no snapshot";
  std::vector<Vote> votes;
  for (int64_t p = 1; p <= 20; ++p) {
    for (int64_t s = 1; s <= 5; ++s) {
      votes.push_back({p, s, (p + s) % 2 ? VoteValue::kAgree : VoteValue::kDisagree, 0});
    }
  }
  ASSERT_TRUE(IngestVotes(*ctx_, kTester, id_, votes));
  auto first = analyst.Refresh(id_);
  ASSERT_TRUE(first && *first) << (first ? "none" : first.error().ToString());
  EXPECT_EQ((*first)->number, 1);
  EXPECT_EQ((*first)->votes, 100);
  EXPECT_EQ((*first)->participants, 20);
  auto same = analyst.Refresh(id_);
  ASSERT_TRUE(same && *same);
  EXPECT_EQ((*same)->number, 1) << "nothing changed: no new snapshot";
  ASSERT_TRUE(ModerateStatement(*ctx_, kTester, id_, 2, "reject", "off topic"));
  auto second = analyst.Refresh(id_);
  ASSERT_TRUE(second && *second);
  EXPECT_EQ((*second)->number, 2);
  json result = json::parse((*second)->result);
  EXPECT_EQ(result["statements"]["2"]["status"], "rejected");
}

TEST_P(StoreTest, APolisExportComesBackAsItWent) {
  PolisExport in;
  in.votes = {{1000, 0, 7, 1}, {2000, 1, 7, -1}, {3000, 0, 8, 0}, {4000, 0, 7, -1}};
  polis::CommentRecord kept;
  kept.comment_id = 0;
  kept.body = "Keep it.";
  kept.moderated = 1;
  polis::CommentRecord dropped;
  dropped.comment_id = 1;
  dropped.body = "Off topic.";
  dropped.moderated = -1;
  in.comments = {kept, dropped};
  polis::ParticipantVotesTable table;
  table.comment_ids = {0, 1};
  table.rows = {{7, "", 0, 0, 2, 0, 1, {-1, -1}},
                {8, "", std::nullopt, 0, 1, 0, 0, {0, polis::kNoVote}}};
  in.participants = table;
  auto imported = ImportPolis(*ctx_, kTester, process_id_, "Imported", in);
  ASSERT_TRUE(imported) << imported.error().ToString();
  EXPECT_EQ(imported->statements, 2);
  EXPECT_EQ(imported->participants, 2);
  EXPECT_EQ(imported->votes, 3) << "the latest of participant 7's two votes on 0 wins";
  auto out = ExportPolis(*ctx_, imported->conversation_id);
  ASSERT_TRUE(out) << out.error().ToString();
  ASSERT_EQ(out->votes.size(), 3u);
  EXPECT_EQ(out->votes[0].voter_id, 7);
  EXPECT_EQ(out->votes[0].comment_id, 0);
  EXPECT_EQ(out->votes[0].vote, -1);
  EXPECT_EQ(out->votes[0].timestamp_ms, 4000);
  ASSERT_EQ(out->comments.size(), 2u);
  EXPECT_EQ(out->comments[1].moderated, -1);
  EXPECT_EQ(out->comments[1].body, "Off topic.");
  ASSERT_EQ(out->participants->rows.size(), 2u);
  EXPECT_EQ(out->participants->rows[0].group_id, 0);
  EXPECT_FALSE(out->participants->rows[1].group_id.has_value());
  EXPECT_EQ(out->participants->rows[0].votes, (std::vector<int8_t>{-1, -1}));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::conversation
