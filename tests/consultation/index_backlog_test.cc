// The search-term backlog (consultation/index_backlog.h) on every backend: a submission is in
// the database's index once the backlog's writer has passed, with the entry intake offered or
// its text analysed again; a stop empties the backlog; what a crash left is indexed at start.
#include "consultation/index_backlog.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <span>

#include <gtest/gtest.h>

#include "consultation/commands.h"
#include "consultation/search_entry.h"
#include "consultation/store.h"
#include "core/clock.h"
#include "engines/text/analyzer.h"
#include "process/module.h"
#include "storage/group_commit.h"
#include "storage/migrator.h"
#include "support/temp_database.h"
#include "wgec_call_test.h"

namespace plenary::consultation {
namespace {

// A contribution from the public, in English.
NewContribution PlainContribution(const std::string& body) {
  NewContribution input;
  input.author_name = "Author";
  input.body = body;
  input.language = "en";
  return input;
}

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
    auto receipt = SubmitContribution(ctx, Submitter{}, call_id_, PlainContribution(body), "");
    EXPECT_TRUE(receipt.has_value()) << receipt.error().ToString();
    return receipt ? receipt->id : 0;
  }

  // The contributions whose index holds `word`'s term (its English stem: the texts are English).
  std::vector<int64_t> Found(const std::string& word) {
    const std::string term = text::TermString(word, "en");
    store::SearchFilter filter;
    filter.process_id = process_id_;
    std::vector<int64_t> ids;
    Status s = db_->Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto hits, store::Search(c, {{term}}, filter));
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

// A pass writes the terms (the derived file on SQLite), then takes the ids out of the backlog.
// Cut short between the two, an id is in both: listed and counted once, and the next pass
// takes it out of the backlog without indexing it a second time.
TEST_P(IndexBacklogTest, AnIdBothIndexedAndListedCountsOnceAndIsNotIndexedTwice) {
  IndexBacklog intake_side(*db_);
  int64_t id = Submit(intake_side, "Capacity building in developing countries.");
  Contribution row;
  Status s = db_->Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rows, store::ContributionsToIndex(c, std::vector<int64_t>{id}));
    row = rows.at(0);
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  SearchEntry entry = IndexEntry(row);
  s = db_->DerivedTransaction([&](storage::Connection& c) {
    std::pair<int64_t, const SearchEntry*> one{id, &entry};
    return store::IndexContributions(c, std::span(&one, 1));
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(Waiting(), 1);

  store::ListFilter filter{.call_id = call_id_, .language = "en"};  // by facets on SQLite
  s = db_->Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto listed, store::ListPublished(c, filter));
    EXPECT_EQ(listed.size(), 1u);
    ASSIGN_OR_RETURN(int64_t counted, store::CountPublished(c, filter));
    EXPECT_EQ(counted, 1);
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();

  // FTS5 takes a second document under a rowid it has without a word (both sets of terms then
  // match it): an offer of other terms shows whether the pass wrote the id again.
  IndexBacklog backlog(*db_);
  backlog.Offer(id, {"okapi", FacetToken("process", std::to_string(process_id_))});
  auto drained = backlog.Drain();
  ASSERT_TRUE(drained.has_value()) << drained.error().ToString();
  EXPECT_EQ(*drained, 1);
  EXPECT_EQ(Waiting(), 0);
  EXPECT_EQ(Found("capacity"), std::vector<int64_t>{id});
  EXPECT_TRUE(Found("okapi").empty()) << "indexed twice";
}

// The index lost (on SQLite, a derived file deleted comes back empty): ReconcileIndex lists
// every contribution again, and the passes write them back.
TEST_P(IndexBacklogTest, AnIndexThatLostItsTermsIsRefilled) {
  IndexBacklog backlog(*db_);
  std::vector<int64_t> ids;
  for (const char* body : {"Roles of stakeholders.", "Stakeholders and governments.",
                           "The stakeholders' responsibilities."}) {
    ids.push_back(Submit(backlog, body));
  }
  ASSERT_TRUE(backlog.DrainAll().ok());
  ASSERT_TRUE(ReconcileIndex(*db_).ok());
  EXPECT_EQ(Waiting(), 0) << "in step: nothing to list";
  ASSERT_TRUE(db_->DerivedTransaction(store::ClearIndex).ok());
  EXPECT_TRUE(Found("stakeholders").empty());

  ASSERT_TRUE(ReconcileIndex(*db_).ok());
  EXPECT_EQ(Waiting(), 3);
  ASSERT_TRUE(backlog.DrainAll().ok());
  EXPECT_EQ(Found("stakeholders"), ids);
}

// An index holding an id past the last contribution (a main file restored from a backup, the
// derived file not) is emptied and written again: its terms would go with the next ids.
TEST_P(IndexBacklogTest, AnIndexAheadOfTheContributionsIsWrittenAgain) {
  if (GetParam() == "postgres") {
    GTEST_SKIP() << "one database: a foreign key keeps the terms to existing contributions";
  }
  IndexBacklog backlog(*db_);
  int64_t id = Submit(backlog, "Capacity building.");
  ASSERT_TRUE(backlog.DrainAll().ok());
  SearchEntry stray{"okapi", FacetToken("process", std::to_string(process_id_))};
  Status s = db_->DerivedTransaction([&](storage::Connection& c) {
    std::pair<int64_t, const SearchEntry*> one{id + 5, &stray};
    return store::IndexContributions(c, std::span(&one, 1));
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(Found("okapi"), std::vector<int64_t>{id + 5});

  ASSERT_TRUE(ReconcileIndex(*db_).ok());
  EXPECT_EQ(Waiting(), 1);
  ASSERT_TRUE(backlog.DrainAll().ok());
  EXPECT_TRUE(Found("okapi").empty());
  EXPECT_EQ(Found("capacity"), std::vector<int64_t>{id});
}

INSTANTIATE_TEST_SUITE_P(Backends, IndexBacklogTest, ::testing::ValuesIn(TestBackends()));

// The derived file itself deleted while the server was stopped: it comes back empty at the next
// open, and the start of a server (or an import) puts the index back in step.
TEST(IndexBacklogFileTest, ADeletedDerivedFileIsRebuiltFromTheContributions) {
  auto url = TempDatabaseUrl::Create("sqlite");
  ASSERT_TRUE(url.has_value()) << url.error().ToString();
  auto path = storage::SqliteFilePath(url->url());
  ASSERT_TRUE(path.has_value());
  std::vector<int64_t> ids;
  int64_t process_id = 0;
  {
    auto db = storage::OpenDatabase(url->url());
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    ASSERT_TRUE(storage::Migrate(**db, storage::BuiltinMigrations()).has_value());
    ASSERT_TRUE(process::LoadReferenceData(**db).ok());
    DuringTheCall clock;
    int64_t call_id = 0;
    Status s = (*db)->Transaction([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(WgecCall wgec, InsertWgecCall(c, {{1, "Q1"}}));
      process_id = wgec.process_id;
      call_id = wgec.call_id;
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    Context ctx{**db, clock, nullptr};
    for (const char* body : {"Enhanced cooperation.", "Cooperation among stakeholders."}) {
      auto receipt = SubmitContribution(ctx, Submitter{}, call_id, PlainContribution(body), "");
      ASSERT_TRUE(receipt.has_value()) << receipt.error().ToString();
      ids.push_back(receipt->id);
    }
  }
  for (const char* suffix : {"-derived", "-derived-wal", "-derived-shm"}) {
    std::filesystem::remove(*path + suffix);
  }
  auto db = storage::OpenDatabase(url->url());
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  ASSERT_TRUE(storage::Migrate(**db, storage::BuiltinMigrations()).has_value());
  auto found = [&] {
    std::vector<int64_t> out;
    store::SearchFilter filter{.process_id = process_id};
    Status s = (*db)->Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto hits, store::Search(c, {{"cooper"}}, filter));
      for (const store::Hit& hit : hits) {
        out.push_back(hit.id);
      }
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_TRUE(found().empty());
  ASSERT_TRUE(ReconcileIndex(**db).ok());
  ASSERT_TRUE(IndexAllWaiting(**db).ok());
  EXPECT_EQ(found(), ids);
}

}  // namespace
}  // namespace plenary::consultation
