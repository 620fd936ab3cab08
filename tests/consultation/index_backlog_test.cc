// The search-term backlog (consultation/index_backlog.h) on every backend: a submission is in
// the database's index once the backlog's writer has passed, with the entry intake offered or
// its text analysed again; a stop empties the backlog; what a crash left is indexed at start.
#include "consultation/index_backlog.h"

#include <memory>

#include <gtest/gtest.h>

#include "consultation/commands.h"
#include "consultation/search_entry.h"
#include "consultation/store.h"
#include "core/clock.h"
#include "process/module.h"
#include "storage/group_commit.h"
#include "storage/migrator.h"
#include "support/temp_database.h"
#include "wgec_call_test.h"

namespace plenary::consultation {
namespace {

class IndexBacklogTest : public WgecCallTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SetUpCall());
    intake_ = std::make_unique<storage::GroupCommit>(*db_);
  }

  // Submits as the server does: shared commit, terms left to `backlog`.
  int64_t Submit(IndexBacklog& backlog, const std::string& body) {
    Context ctx{*db_, clock_, nullptr, intake_.get()};
    ctx.index_backlog = &backlog;
    NewContribution input;
    input.author_name = "Author";
    input.body = body;
    input.language = "en";
    auto receipt = SubmitContribution(ctx, Submitter{}, call_id_, std::move(input), "");
    EXPECT_TRUE(receipt.has_value()) << receipt.error().ToString();
    return receipt ? receipt->id : 0;
  }

  std::vector<int64_t> Found(const std::string& word) {
    store::SearchFilter filter;
    filter.process_id = process_id_;
    std::vector<int64_t> ids;
    Status s = db_->Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto hits, store::Search(c, {{word}}, filter));
      for (const store::Hit& hit : hits) {
        ids.push_back(hit.id);
      }
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return ids;
  }

  int64_t Waiting() {
    int64_t n = -1;
    Status s = db_->Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto ids, store::IndexBacklog(c, 1'000'000));
      n = static_cast<int64_t>(ids.size());
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return n;
  }

  DuringTheCall clock_;
  std::unique_ptr<storage::GroupCommit> intake_;
};

TEST_P(IndexBacklogTest, ASubmissionIsSearchableOnceThePassHasIndexedIt) {
  IndexBacklog backlog(*db_);
  int64_t id = Submit(backlog, "Capacity building in developing countries.");
  EXPECT_TRUE(Found("capacity").empty()) << "indexed in the shared commit";
  EXPECT_EQ(Waiting(), 1);
  auto indexed = backlog.Drain();
  ASSERT_TRUE(indexed.has_value()) << indexed.error().ToString();
  EXPECT_EQ(*indexed, 1);
  EXPECT_EQ(Found("capacity"), std::vector<int64_t>{id});
  EXPECT_EQ(Waiting(), 0);
  EXPECT_EQ(*backlog.Drain(), 0);
}

TEST_P(IndexBacklogTest, UsesTheOfferedEntryInsteadOfAnalysingAgain) {
  IndexBacklog intake_side(*db_);
  int64_t id = Submit(intake_side, "Capacity building in developing countries.");
  // "okapi" is in no text: only the offer can put it in the index.
  IndexBacklog backlog(*db_);
  backlog.Offer(id, {"okapi", FacetToken("process", std::to_string(process_id_))});
  ASSERT_TRUE(backlog.Drain().has_value());
  EXPECT_EQ(Found("okapi"), std::vector<int64_t>{id});
  EXPECT_TRUE(Found("capacity").empty());
}

TEST_P(IndexBacklogTest, WithoutAnOfferTheTextIsAnalysedAgain) {
  IndexBacklog first(*db_);
  int64_t id = Submit(first, "Enhanced cooperation on public policy issues.");
  // A crash: the process that offered the entry is gone, its id still in the backlog.
  IndexBacklog restarted(*db_);
  auto indexed = restarted.Drain();
  ASSERT_TRUE(indexed.has_value()) << indexed.error().ToString();
  EXPECT_EQ(*indexed, 1);
  EXPECT_EQ(Found("cooperation"), std::vector<int64_t>{id});
  EXPECT_EQ(Found("polici"), std::vector<int64_t>{id}) << "Snowball's stem of 'policy'";
}

TEST_P(IndexBacklogTest, AStopEmptiesTheBacklogInPassesOfAtMostMost) {
  IndexBacklog backlog(*db_, {.most = 3, .interval = std::chrono::hours(1)});
  backlog.Start();
  std::vector<int64_t> ids;
  for (int i = 0; i < 8; ++i) {
    ids.push_back(Submit(backlog, "Roles and responsibilities of stakeholders."));
  }
  backlog.Stop();
  EXPECT_EQ(Waiting(), 0);
  EXPECT_EQ(Found("stakeholders"), ids);
}

INSTANTIATE_TEST_SUITE_P(Backends, IndexBacklogTest, ::testing::ValuesIn(TestBackends()));

}  // namespace
}  // namespace plenary::consultation
