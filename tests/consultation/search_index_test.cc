// The in-memory search index (consultation/search_index.h) against FTS5 on the same database:
// the same hits in the same order with the same scores, moderation read at each search, and
// the database answering while the index is far behind.
#include "consultation/search_index.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "consultation/index_backlog.h"
#include "consultation/prepare.h"
#include "consultation/search_entry.h"
#include "consultation/store.h"
#include "core/text.h"
#include "engines/text/analyzer.h"
#include "process/module.h"
#include "process/store.h"
#include "storage/migrator.h"
#include "support/temp_database.h"

namespace plenary::consultation {
namespace {

class SearchIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTempDatabase("sqlite");
    ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
    db_ = std::move(*opened);
    ASSERT_TRUE(storage::Migrate(*db_, storage::BuiltinMigrations()).has_value());
    ASSERT_TRUE(process::LoadReferenceData(*db_).ok());
    Status s = db_->Transaction([&](storage::Connection& c) -> Status {
      process::Process p;
      p.short_name = "WGEC";
      p.title = "Working Group on Enhanced Cooperation";
      ASSIGN_OR_RETURN(process_id_, process::store::InsertProcess(c, p, "2017-01-01T00:00:00Z"));
      for (int i = 0; i < 2; ++i) {
        Call call;
        call.process_id = process_id_;
        call.title = "Call";
        call.opens_at = "2016-09-30T00:00:00Z";
        call.closes_at = "2016-12-07T00:00:00Z";
        call.questions = {{1, "Q1"}, {2, "Q2"}};
        call.contributors = {Contributor::kPublic};
        ASSIGN_OR_RETURN(calls_[i], store::InsertCall(c, call, "2016-09-01T00:00:00Z"));
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  // `count` contributions of random words from a small vocabulary (so words repeat within and
  // across them), with random groups, countries, languages and answers, written and indexed
  // in FTS5 as intake does.
  void Add(int count, bool answers = true) {
    static const char* words[] = {
        "enhanced",    "cooperation", "governments",     "stakeholders",
        "internet",    "policy",      "public",          "issues",
        "equal",       "footing",     "roles",           "responsibilities",
        "tunis",       "agenda",      "recommendations", "working",
        "group",       "developing",  "countries",       "capacity",
        "building",    "coopération", "renforcée",       "gouvernements",
        "cooperación", "reforzada"};
    static const char* groups[] = {"government", "civil_society", "private_sector",
                                   "technical_academic"};
    static const char* countries[] = {"FJI", "NGA", "FRA", "BRA", "", "IND"};
    Status s = db_->Transaction([&](storage::Connection& c) -> Status {
      for (int i = 0; i < count; ++i) {
        Contribution k;
        k.call_id = calls_[random_() % 2];
        k.process_id = process_id_;
        k.author_name = "Author";
        int length = 1 + static_cast<int>(random_() % 40);
        for (int w = 0; w < length; ++w) {
          // Squared: the first words are common, the last rare.
          double u = std::uniform_real_distribution<>(0, 1)(random_);
          k.body += std::string(w ? " " : "") + words[static_cast<size_t>(u * u * 26)];
        }
        k.language = random_() % 4 == 0 ? "fr" : "en";
        k.stakeholder_group = groups[random_() % 4];
        k.country_iso3 = countries[random_() % 6];
        if (answers && random_() % 3 == 0) {
          k.answers = {{static_cast<int>(1 + random_() % 2), "Capacity building for all."}};
        }
        k.submitted_at = "2016-10-01T00:00:00Z";
        ASSIGN_OR_RETURN(k.id, store::InsertContribution(c, k, "", ReceiptFor));
        RETURN_IF_ERROR(store::AddToIndexBacklog(c, k.id));
        ids_.push_back(k.id);
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    s = IndexAllWaiting(*db_);  // FTS5, the index of record, to compare with
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  // Gives the last contribution added the id `id`: as on PostgreSQL, where a transaction that
  // drew a lower id may commit after one that drew a higher id.
  void MoveLastTo(int64_t id) {
    Status s = db_->Transaction([&](storage::Connection& c) {
      storage::Value params[] = {id, ids_.back()};
      return detail::ToStatus(c.Execute("UPDATE contributions SET id = ? WHERE id = ?", params));
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    ids_.back() = id;
  }

  std::vector<store::Hit> FromDatabase(const std::vector<std::vector<std::string>>& query,
                                       const store::SearchFilter& filter) {
    std::vector<store::Hit> hits;
    Status s = db_->Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(hits, store::Search(c, query, filter));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return hits;
  }

  std::unique_ptr<storage::Database> db_;
  int64_t process_id_ = 0;
  int64_t calls_[2] = {0, 0};
  std::vector<int64_t> ids_;
  std::mt19937 random_{2016};
};

void ExpectSameHits(const std::vector<store::Hit>& memory, const std::vector<store::Hit>& fts5,
                    const std::string& what) {
  ASSERT_EQ(memory.size(), fts5.size()) << what;
  for (size_t i = 0; i < memory.size(); ++i) {
    EXPECT_EQ(memory[i].id, fts5[i].id) << what << " hit " << i;
    EXPECT_DOUBLE_EQ(memory[i].score, fts5[i].score) << what << " hit " << i;
  }
}

TEST_F(SearchIndexTest, RanksAsFts5DoesWithTheSameFilters) {
  Add(1500);
  SearchIndex index(*db_);
  auto added = index.CatchUp();
  ASSERT_TRUE(added.has_value()) << added.error().ToString();
  EXPECT_EQ(*added, 1500);
  // Terms as QueryTerms makes them: each word's folded form and its stems.
  const std::vector<std::vector<std::string>> words = {{"cooperation", "cooper"},
                                                       {"governments", "govern"},
                                                       {"internet"},
                                                       {"tunis", "tuni"},
                                                       {"agenda"},
                                                       {"coopération", "coopérat"},
                                                       {"capacity", "capac"},
                                                       {"policy", "polici"},
                                                       {"reforzada", "reforz"},
                                                       {"absent"}};
  int compared = 0;
  for (int trial = 0; trial < 150; ++trial) {
    std::vector<std::vector<std::string>> query = {words[random_() % words.size()]};
    if (trial % 3 != 0) {
      query.push_back(words[random_() % words.size()]);
    }
    store::SearchFilter filter;
    filter.process_id = process_id_;
    switch (trial % 6) {
      case 1:
        filter.stakeholder_group = "civil_society";
        break;
      case 2:
        filter.country = "NGA";
        break;
      case 3:
        filter.region = "Africa";
        break;
      case 4:
        filter.call_id = calls_[1];
        filter.question = 1;
        break;
      case 5:
        filter.language = "fr";
        filter.development = "sids";
        break;
      default:
        break;
    }
    filter.limit = 20;
    filter.offset = trial % 5 == 0 ? 10 : 0;
    auto memory = index.Search(query, filter);
    ASSERT_TRUE(memory.has_value()) << memory.error().ToString();
    ASSERT_TRUE(memory->has_value());
    auto fts5 = FromDatabase(query, filter);
    ExpectSameHits(**memory, fts5, "trial " + std::to_string(trial));
    compared += static_cast<int>(fts5.size());
  }
  EXPECT_GT(compared, 1000);  // the queries do find things
}

TEST_F(SearchIndexTest, LeavesOutWhatIsNotPublishedAtTheTimeOfTheSearch) {
  Add(200);
  SearchIndex index(*db_);
  store::SearchFilter filter;
  filter.process_id = process_id_;
  filter.limit = 5;
  std::vector<std::vector<std::string>> query = {{"enhanced"}};
  auto before = index.Search(query, filter);
  ASSERT_TRUE(before.has_value() && before->has_value());
  ASSERT_FALSE((*before)->empty());
  int64_t top = (*before)->front().id;
  Status s = db_->Transaction([&](storage::Connection& c) {
    storage::Value params[] = {top};
    return detail::ToStatus(c.Execute(
        "UPDATE contributions SET status = 'withheld', withheld_reason = 'spam' WHERE id = ?",
        params));
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto after = index.Search(query, filter);
  ASSERT_TRUE(after.has_value() && after->has_value());
  ExpectSameHits(**after, FromDatabase(query, filter), "after withholding");
  for (const store::Hit& hit : **after) {
    EXPECT_NE(hit.id, top);
  }
}

TEST_F(SearchIndexTest, LeavesOutAContributionWrittenUnpublishedAfterTheLastSearch) {
  Add(50);
  SearchIndex index(*db_);
  store::SearchFilter filter;
  filter.process_id = process_id_;
  const std::vector<std::vector<std::string>> query = {{"enhanced"}};
  auto before = index.Search(query, filter);  // keeps the process's unpublished ids (none)
  ASSERT_TRUE(before.has_value() && before->has_value());
  // A call that moderates first: the contribution is written pending, the best match of all.
  int64_t pending = 0;
  Status s = db_->Transaction([&](storage::Connection& c) -> Status {
    Contribution k;
    k.call_id = calls_[0];
    k.process_id = process_id_;
    k.author_name = "Author";
    k.body = "enhanced enhanced enhanced";
    k.language = "en";
    k.status = ContributionStatus::kPending;
    k.submitted_at = "2016-10-02T00:00:00Z";
    ASSIGN_OR_RETURN(pending, store::InsertContribution(c, k, "", ReceiptFor));
    return store::AddToIndexBacklog(c, pending);
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(IndexAllWaiting(*db_).ok());
  auto after = index.Search(query, filter);
  ASSERT_TRUE(after.has_value() && after->has_value());
  EXPECT_EQ(index.size(), 51);
  ExpectSameHits(**after, FromDatabase(query, filter), "after a pending one");
  for (const store::Hit& hit : **after) {
    EXPECT_NE(hit.id, pending);
  }
}

TEST_F(SearchIndexTest, FindsNewContributionsAtOnceAndLeavesALongBacklogToTheDatabase) {
  Add(10);
  SearchIndex index(*db_, {.page = 4, .max_lag = 20});
  store::SearchFilter filter;
  filter.process_id = process_id_;
  std::vector<std::vector<std::string>> query = {{"cooperation", "cooper"}};
  auto first = index.Search(query, filter);  // 10 behind: caught up first
  ASSERT_TRUE(first.has_value() && first->has_value());
  EXPECT_EQ(index.size(), 10);
  Add(21);  // more than max_lag behind
  auto far = index.Search(query, filter);
  ASSERT_TRUE(far.has_value());
  EXPECT_FALSE(far->has_value());
  EXPECT_EQ(index.size(), 10);
  std::vector<int64_t> progress;
  auto added = index.CatchUp([&](int64_t n) { progress.push_back(n); });
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ(*added, 21);
  EXPECT_EQ(progress, (std::vector<int64_t>{4, 8, 12, 16, 20, 21}));
  auto caught_up = index.Search(query, filter);
  ASSERT_TRUE(caught_up.has_value() && caught_up->has_value());
  ExpectSameHits(**caught_up, FromDatabase(query, filter), "after catching up");
}

TEST_F(SearchIndexTest, UsesTheEntriesIntakeOffersInsteadOfAnalysingAgain) {
  Add(3);
  SearchIndex index(*db_);
  // Offered entries are taken as they are: "zebra" is in no text, so only the offer can put
  // it in the index. An offer for an id already indexed is dropped.
  index.Offer(ids_[1], {"zebra", FacetToken("process", std::to_string(process_id_))});
  ASSERT_TRUE(index.CatchUp().has_value());
  index.Offer(ids_[2], {"okapi", FacetToken("process", std::to_string(process_id_))});
  ASSERT_TRUE(index.CatchUp().has_value());
  store::SearchFilter filter;
  filter.process_id = process_id_;
  auto zebra = index.Search({{"zebra"}}, filter);
  ASSERT_TRUE(zebra.has_value() && zebra->has_value());
  ASSERT_EQ((*zebra)->size(), 1u);
  EXPECT_EQ((*zebra)->front().id, ids_[1]);
  auto okapi = index.Search({{"okapi"}}, filter);
  ASSERT_TRUE(okapi.has_value() && okapi->has_value());
  EXPECT_TRUE((*okapi)->empty());
}

TEST_F(SearchIndexTest, ASnapshotLackingALowerIdThatCommittedLaterGetsIt) {
  // As on PostgreSQL, where a transaction that drew a lower id may commit after a higher one:
  // the snapshot is written while 6 to 99 are missing, then one of them arrives.
  Add(5);
  Add(1, false);
  MoveLastTo(100);
  std::string path = ::testing::TempDir() + "/search-index-late.snapshot";
  std::filesystem::remove(path);
  SearchIndexOptions options{.snapshot_path = path};
  {
    SearchIndex first(*db_, options);
    ASSERT_TRUE(first.CatchUp().has_value());
    ASSERT_EQ(first.size(), 6);
    ASSERT_TRUE(first.SaveSnapshot().ok());
  }
  Add(1, false);
  MoveLastTo(50);
  SearchIndex second(*db_, options);
  auto loaded = second.LoadSnapshot();
  ASSERT_TRUE(loaded.has_value()) << loaded.error().ToString();
  EXPECT_TRUE(*loaded);
  EXPECT_EQ(second.size(), 7);
  // Found by its first word's term (the index holds each word's term: its stem).
  std::string body;
  std::string language;
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                   ASSIGN_OR_RETURN(
                       auto rows,
                       c.Query("SELECT body, language FROM contributions WHERE id = 50"));
                   body = rows.rows.at(0).Text(0);
                   language = rows.rows.at(0).Text(1);
                   return Status::Ok();
                 })
                  .ok());
  store::SearchFilter filter;
  filter.process_id = process_id_;
  const std::string first_term = text::TermString(body.substr(0, body.find(' ')), language);
  ASSERT_FALSE(first_term.empty());
  auto hits = second.Search({{first_term}}, filter);
  ASSERT_TRUE(hits.has_value() && hits->has_value());
  EXPECT_TRUE(std::any_of((*hits)->begin(), (*hits)->end(),
                          [](const store::Hit& h) { return h.id == 50; }));
}

TEST_F(SearchIndexTest, ASnapshotWrittenAtStopIsReadBackAtStartAndOnlyTheRestIsAdded) {
  Add(120);
  std::string path = ::testing::TempDir() + "/search-index-test.snapshot";
  std::filesystem::remove(path);
  SearchIndexOptions options{.interval = std::chrono::milliseconds(10), .snapshot_path = path};
  store::SearchFilter filter;
  filter.process_id = process_id_;
  std::vector<std::vector<std::string>> query = {{"cooperation", "cooper"}};
  {
    SearchIndex first(*db_, options);
    auto loaded = first.LoadSnapshot();
    ASSERT_TRUE(loaded.has_value());
    EXPECT_FALSE(*loaded);  // no file yet
    ASSERT_TRUE(first.CatchUp().has_value());
    ASSERT_TRUE(first.SaveSnapshot().ok());
  }
  Add(30);
  SearchIndex second(*db_, options);
  auto loaded = second.LoadSnapshot();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(*loaded);
  EXPECT_EQ(second.size(), 120);
  auto added = second.CatchUp();
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ(*added, 30);
  auto hits = second.Search(query, filter);
  ASSERT_TRUE(hits.has_value() && hits->has_value());
  ExpectSameHits(**hits, FromDatabase(query, filter), "after a snapshot");

  // A file from another database (its last contribution's receipt differs), one of terms of
  // another version of the analysis (the first had no version), or a corrupt one is left
  // aside, and the index is built from the texts.
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const size_t eol = bytes.find('\n');
  const std::vector<std::string_view> header = Split(std::string_view(bytes).substr(0, eol), ' ');
  ASSERT_EQ(header.size(), 3u);
  EXPECT_EQ(header[2], text::kTermsVersion);
  const std::string id(header[0]);
  const std::string receipt(header[1]);
  const std::string rest = bytes.substr(eol);
  const std::vector<std::string> altered_files = {
      id + " R-00000-00000 " + std::string(text::kTermsVersion) + rest, id + " " + receipt + rest,
      id + " " + receipt + " terms-1" + rest, bytes.substr(0, bytes.size() / 2)};
  for (const std::string& altered : altered_files) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << altered;
    SearchIndex third(*db_, options);
    auto read = third.LoadSnapshot();
    ASSERT_TRUE(read.has_value());
    EXPECT_FALSE(*read);
    EXPECT_EQ(third.size(), 0);
  }
  // Start and Stop do it themselves.
  std::filesystem::remove(path);
  {
    SearchIndex fourth(*db_, options);
    fourth.Start();
    for (int i = 0; i < 500 && fourth.size() < 150; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }  // Stop writes the file
  EXPECT_TRUE(std::filesystem::exists(path));
  SearchIndex fifth(*db_, options);
  auto again = fifth.LoadSnapshot();
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(*again);
  EXPECT_EQ(fifth.size(), 150);
  std::filesystem::remove(path);
}

// PostgreSQL draws ids from a sequence, so a transaction holding a lower id can commit after
// one holding a higher id. Emulated here by moving rows to chosen ids.
TEST_F(SearchIndexTest, FindsAContributionWhoseLowerIdCommittedLate) {
  Add(5);
  Add(1, false);
  MoveLastTo(100);  // committed first, with a high id: 6 to 99 are missing
  SearchIndex index(*db_);
  auto added = index.CatchUp();
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ(*added, 6);
  Add(1, false);
  MoveLastTo(50);  // then one of them arrives, and a search looks for it first
  store::SearchFilter filter;
  filter.process_id = process_id_;
  auto searched = index.Search({{"enhanced"}}, filter);
  ASSERT_TRUE(searched.has_value() && searched->has_value());
  EXPECT_EQ(index.size(), 7);
  // Looked for until gap_patience runs out: then no more.
  SearchIndex impatient(*db_, {.gap_patience = std::chrono::milliseconds(0)});
  Add(1, false);  // 101
  ASSERT_TRUE(impatient.CatchUp().has_value());
  EXPECT_EQ(impatient.size(), 8);
  Add(1, false);
  MoveLastTo(60);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ASSERT_TRUE(impatient.CatchUp().has_value());
  EXPECT_EQ(impatient.size(), 8);
  ASSERT_TRUE(index.CatchUp().has_value());  // the patient one finds both
  EXPECT_EQ(index.size(), 9);
}

// Intake, offers, the background pass and searches all at once (run under ThreadSanitizer
// too): every search answers, and once still, the index equals FTS5.
TEST_F(SearchIndexTest, SearchesWhileContributionsArriveAndThePassRuns) {
  Add(100);
  SearchIndex index(*db_, {.interval = std::chrono::milliseconds(1)});
  index.Start();
  store::SearchFilter filter;
  filter.process_id = process_id_;
  std::vector<std::vector<std::string>> query = {{"cooperation", "cooper"}};
  std::atomic<bool> done = false;
  std::atomic<int> searches = 0;
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      while (!done) {
        auto hits = index.Search(query, filter);
        EXPECT_TRUE(hits.has_value());
        ++searches;
      }
    });
  }
  for (int batch = 0; batch < 20; ++batch) {
    Add(10);
    // Intake offers what it analysed; half of them here, the pass analyses the rest.
    for (size_t i = ids_.size() - 10; i < ids_.size(); i += 2) {
      index.Offer(ids_[i], {"cooperation", FacetToken("process", std::to_string(process_id_))});
    }
  }
  done = true;
  for (std::thread& t : readers) {
    t.join();
  }
  index.Stop();
  EXPECT_GT(searches.load(), 0);
  ASSERT_TRUE(index.CatchUp().has_value());
  EXPECT_EQ(index.size(), 300);
}

TEST_F(SearchIndexTest, TheBackgroundPassCatchesUp) {
  Add(50);
  SearchIndex index(*db_, {.interval = std::chrono::milliseconds(10)});
  index.Start();
  for (int i = 0; i < 500 && index.size() < 50; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(index.size(), 50);
  index.Stop();
  index.Stop();  // idempotent
}

TEST_F(SearchIndexTest, TheBackgroundPassWritesASnapshotNowAndThen) {
  std::string path = ::testing::TempDir() + "/search-index-interval.snapshot";
  std::filesystem::remove(path);
  SearchIndex index(*db_, {.interval = std::chrono::milliseconds(10),
                           .snapshot_path = path,
                           .snapshot_interval = std::chrono::milliseconds(0),
                           .snapshot_after = 20});
  index.Start();
  Add(10);  // fewer than snapshot_after: none yet
  for (int i = 0; i < 500 && index.size() < 10; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(std::filesystem::exists(path));
  Add(15);
  for (int i = 0; i < 500 && !std::filesystem::exists(path); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << "written without a stop";
  SearchIndex reader(*db_, {.snapshot_path = path});
  auto loaded = reader.LoadSnapshot();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(*loaded);
  EXPECT_EQ(reader.size(), 25);
  index.Stop();
}

}  // namespace
}  // namespace plenary::consultation
