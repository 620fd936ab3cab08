// Listings with filters (consultation/store_listing.cc) on every backend: each filter, alone and
// together, pages and counts exactly the published contributions that match, whether their
// search terms are written or still wait in the index backlog (SQLite's listings filtered by
// group, country or language walk the index's facet tokens and the backlog).
#include <algorithm>
#include <functional>
#include <memory>

#include <gtest/gtest.h>

#include "consultation/commands.h"
#include "consultation/index_backlog.h"
#include "consultation/store.h"
#include "core/clock.h"
#include "process/module.h"
#include "storage/group_commit.h"
#include "storage/migrator.h"
#include "support/temp_database.h"
#include "wgec_call_test.h"

namespace plenary::consultation {
namespace {

struct Sent {
  int64_t id = 0;
  std::string group, country, language;
  bool answers_q2 = false;
  bool published = true;
};

class StoreListingTest : public WgecCallTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SetUpCall());
    intake_ = std::make_unique<storage::GroupCommit>(*db_);
    backlog_ = std::make_unique<IndexBacklog>(*db_);
  }

  // Submits as the server does (shared commit, terms left to the backlog).
  void Submit(const std::string& group, const std::string& country, const std::string& language,
              bool answers_q2) {
    Context ctx{*db_, clock_, countries_, intake_.get()};
    ctx.index_backlog = backlog_.get();
    NewContribution input;
    input.author_name = "Author";
    input.stakeholder_group = group;
    input.country = country;
    input.language = language;
    input.body = "Enhanced cooperation on public policy issues.";
    input.answers.push_back({1, "An answer."});
    if (answers_q2) {
      input.answers.push_back({2, "Another answer."});
    }
    auto receipt = SubmitContribution(ctx, Submitter{}, call_id_, std::move(input), "");
    ASSERT_TRUE(receipt.has_value()) << receipt.error().ToString();
    sent_.push_back({receipt->id, group, country, language, answers_q2, true});
  }

  // Twelve contributions across three groups, four countries (Fiji a SIDS, Nepal an LDC and
  // LLDC) and two languages; the first eight have their terms written, the last four wait in
  // the backlog; two are withheld, one of each kind.
  void SubmitAll() {
    const char* groups[] = {"government", "civil_society", "private_sector"};
    const char* countries[] = {"FRA", "BRA", "FJI", "NPL"};
    for (int i = 0; i < 12; ++i) {
      Submit(groups[i % 3], countries[i % 4], i % 5 == 0 ? "fr" : "en", i % 2 == 0);
      if (i == 7) {
        ASSERT_TRUE(backlog_->Drain().has_value());
      }
    }
    for (size_t i : {size_t{2}, size_t{10}}) {
      Status s = db_->Transaction([&](storage::Connection& c) {
        return store::SetStatus(c, sent_[i].id, ContributionStatus::kWithheld, "spam", 1,
                                "2016-10-16T00:00:00Z");
      });
      ASSERT_TRUE(s.ok()) << s.ToString();
      sent_[i].published = false;
    }
  }

  std::vector<int64_t> Expected(const std::function<bool(const Sent&)>& matches,
                                int64_t after = 0) {
    std::vector<int64_t> ids;
    for (const Sent& s : sent_) {
      if (s.published && s.id > after && matches(s)) {
        ids.push_back(s.id);
      }
    }
    return ids;
  }

  std::pair<std::vector<int64_t>, int64_t> Listed(const store::ListFilter& filter) {
    std::vector<int64_t> ids;
    int64_t count = -1;
    Status s = db_->Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto page, store::ListPublished(c, filter));
      for (const Contribution& item : page) {
        ids.push_back(item.id);
      }
      ASSIGN_OR_RETURN(count, store::CountPublished(c, filter));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return {ids, count};
  }

  store::ListFilter Filter() const {
    store::ListFilter f;
    f.call_id = call_id_;
    return f;
  }

  DuringTheCall clock_;
  std::unique_ptr<storage::GroupCommit> intake_;
  std::unique_ptr<IndexBacklog> backlog_;
  std::vector<Sent> sent_;
};

TEST_P(StoreListingTest, EachFilterListsAndCountsThePublishedMatchesWrittenOrWaiting) {
  ASSERT_NO_FATAL_FAILURE(SubmitAll());
  struct Case {
    const char* name;
    std::function<void(store::ListFilter&)> set;
    std::function<bool(const Sent&)> matches;
  };
  const Case cases[] = {
      {"none", [](auto&) {}, [](const Sent&) { return true; }},
      {"group", [](auto& f) { f.stakeholder_group = "civil_society"; },
       [](const Sent& s) { return s.group == "civil_society"; }},
      {"country", [](auto& f) { f.country = "FJI"; },
       [](const Sent& s) { return s.country == "FJI"; }},
      {"language", [](auto& f) { f.language = "fr"; },
       [](const Sent& s) { return s.language == "fr"; }},
      {"region", [](auto& f) { f.region = "Asia"; },
       [](const Sent& s) { return s.country == "NPL"; }},
      {"sids", [](auto& f) { f.development = "sids"; },
       [](const Sent& s) { return s.country == "FJI"; }},
      {"question", [](auto& f) { f.question = 2; }, [](const Sent& s) { return s.answers_q2; }},
      {"group, language and question",
       [](auto& f) {
         f.stakeholder_group = "government";
         f.language = "en";
         f.question = 2;
       },
       [](const Sent& s) { return s.group == "government" && s.language == "en" && s.answers_q2; }},
      {"country, campaigns collapsed (none here)",
       [](auto& f) {
         f.country = "FJI";
         f.collapse_campaigns = true;
       },
       [](const Sent& s) { return s.country == "FJI"; }},
      {"no country qualifies", [](auto& f) { f.region = "Antarctica"; },
       [](const Sent&) { return false; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    store::ListFilter filter = Filter();
    c.set(filter);
    std::vector<int64_t> expected = Expected(c.matches);
    auto [ids, count] = Listed(filter);
    EXPECT_EQ(ids, expected);
    EXPECT_EQ(count, static_cast<int64_t>(expected.size()));
  }
}

TEST_P(StoreListingTest, PagesCrossFromWrittenTermsToTheBacklogInIdOrder) {
  ASSERT_NO_FATAL_FAILURE(SubmitAll());
  auto english = [](const Sent& s) { return s.language == "en"; };
  store::ListFilter filter = Filter();
  filter.language = "en";
  filter.limit = 3;
  std::vector<int64_t> all;
  for (int page = 0; page < 10; ++page) {
    auto [ids, count] = Listed(filter);
    EXPECT_EQ(count, static_cast<int64_t>(Expected(english).size()));
    std::vector<int64_t> next = Expected(english, filter.after_id);
    next.resize(std::min<size_t>(3, next.size()));
    EXPECT_EQ(ids, next);
    if (ids.empty()) {
      break;
    }
    all.insert(all.end(), ids.begin(), ids.end());
    filter.after_id = ids.back();
  }
  EXPECT_EQ(all, Expected(english));
}

TEST_P(StoreListingTest, AnUnknownCallListsNothing) {
  ASSERT_NO_FATAL_FAILURE(SubmitAll());
  store::ListFilter filter = Filter();
  filter.call_id = call_id_ + 100;
  filter.country = "FRA";
  auto [ids, count] = Listed(filter);
  EXPECT_TRUE(ids.empty());
  EXPECT_EQ(count, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreListingTest, ::testing::ValuesIn(TestBackends()));

}  // namespace
}  // namespace plenary::consultation
