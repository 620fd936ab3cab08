// Campaign detection over a real database on each backend: clusters, representatives, personal
// parts, the collapsed listing, statistics, and catching up after a restart or another process.
#include "campaigns/detector.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "campaigns/store.h"
#include "consultation/queries.h"
#include "fixture.h"

namespace plenary::campaigns {
namespace {

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

// 4 copies of the template and 8 with a personal sentence added: 12 near-identical texts.
std::vector<std::string> CampaignTexts() {
  std::vector<std::string> texts(4, Template());
  for (const std::string& sentence : kPersonal) {
    texts.push_back(Template() + " " + sentence);
  }
  return texts;
}

class DetectorTest : public CampaignDatabaseTest {
 protected:
  std::unique_ptr<Detector> NewDetector(size_t min_members = 10) {
    DetectorOptions options;
    options.campaign.min_members = min_members;
    options.batch = 7;  // several batches, so that clusters grow across commits
    auto detector = Detector::Create(*db_, clock_, options);
    EXPECT_TRUE(detector) << detector.error().ToString();
    return detector ? std::move(*detector) : nullptr;
  }
  CatchUpReport CatchUp(Detector& detector) {
    auto report = detector.CatchUp();
    EXPECT_TRUE(report) << report.error().ToString();
    return report.value_or(CatchUpReport{});
  }
  std::vector<Cluster> Clusters(bool campaigns_only) {
    std::vector<Cluster> out;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     ASSIGN_OR_RETURN(out, store::ClustersOf(c, call_id_, campaigns_only));
                     return Status::Ok();
                   })
                    .ok());
    return out;
  }
  std::vector<Member> Members(int64_t cluster) {
    std::vector<Member> out;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     ASSIGN_OR_RETURN(out, store::MembersOf(c, cluster, 0, 1000));
                     return Status::Ok();
                   })
                    .ok());
    return out;
  }
  template <typename T>
  T ReadWith(Result<T> (*read)(storage::Connection&, int64_t), int64_t id) {
    T out{};
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     ASSIGN_OR_RETURN(out, read(c, id));
                     return Status::Ok();
                   })
                    .ok());
    return out;
  }
};

TEST_P(DetectorTest, FindsTheCampaignItsPersonalPartsAndCollapsesIt) {
  Import(CampaignTexts());
  Import(UniqueTexts(), "30");
  auto detector = NewDetector();
  CatchUpReport report = CatchUp(*detector);
  EXPECT_EQ(report.read, 17);
  EXPECT_EQ(report.unreadable, 0);

  auto campaigns = Clusters(true);
  ASSERT_EQ(campaigns.size(), 1u);
  const Cluster& c = campaigns[0];
  EXPECT_EQ(c.members, 12);
  EXPECT_EQ(c.representative_copies, 4) << "the most common variant: the template itself";
  EXPECT_EQ(c.first_arrival, "2026-01-01T10:00:00Z");
  EXPECT_EQ(c.last_arrival, "2026-01-01T10:11:00Z");
  EXPECT_FALSE(c.burst) << "12 arrivals a minute apart are no burst";
  int64_t total = 0;
  for (int64_t n : c.arrivals) {
    total += n;
  }
  EXPECT_EQ(total, 12);

  auto members = Members(c.id);
  ASSERT_EQ(members.size(), 12u);
  int representatives = 0;
  std::vector<std::string> added;
  for (const Member& m : members) {
    EXPECT_TRUE(m.in_campaign);
    representatives += m.is_representative;
    for (const std::string& phrase : m.added) {
      added.push_back(phrase);
    }
    if (m.is_representative) {
      EXPECT_TRUE(m.personal.empty());
    }
  }
  EXPECT_EQ(representatives, 1);
  ASSERT_EQ(added.size(), 8u) << "one personal sentence each for 8 members";
  EXPECT_NE(std::find(added.begin(), added.end(), "think of the salmon"), added.end());
  EXPECT_NE(std::find(added.begin(), added.end(),
                      "i am a nurse and i see what unsafe water does to children"),
            added.end());

  std::vector<std::pair<std::string, int64_t>> top;
  ASSERT_TRUE(db_->Read([&](storage::Connection& conn) -> Status {
                   ASSIGN_OR_RETURN(top, store::TopAdditions(conn, c.id, 3));
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_FALSE(top.empty());
  EXPECT_EQ(top[0], (std::pair<std::string, int64_t>{"our well was contaminated in 2019", 2}));

  auto stats = ReadWith(&store::Statistics, call_id_);
  EXPECT_EQ(stats.contributions, 17);
  EXPECT_EQ(stats.in_campaigns, 12);
  EXPECT_EQ(stats.unique, 5);
  EXPECT_EQ(stats.campaigns, 1);
  EXPECT_NEAR(stats.CampaignShare(), 12.0 / 17.0, 1e-9);

  consultation::store::ListFilter filter;
  filter.call_id = call_id_;
  filter.collapse_campaigns = true;
  auto listing = consultation::ListContributions(*consultation_, filter);
  ASSERT_TRUE(listing) << listing.error().ToString();
  EXPECT_EQ(listing->items.size(), 6u) << "one representative and five unique";
  EXPECT_EQ(listing->matching, 6);
  ASSERT_EQ(listing->campaigns.size(), 1u);
  EXPECT_EQ(listing->campaigns[0].campaign_id, c.id);
  EXPECT_EQ(listing->campaigns[0].members, 12);
  EXPECT_EQ(listing->campaigns[0].contribution_id, c.representative_id);
  filter.collapse_campaigns = false;
  EXPECT_EQ(consultation::ListContributions(*consultation_, filter)->matching, 17);

  EXPECT_EQ(CatchUp(*detector).read, 0) << "nothing new";
}

TEST_P(DetectorTest, AfterARestartNewContributionsJoinTheCampaignTheyBelongTo) {
  Import(std::vector<std::string>(10, Template()));
  auto campaign_id = [&] {
    auto detector = NewDetector();
    CatchUp(*detector);
    auto campaigns = Clusters(true);
    return campaigns.size() == 1 ? campaigns[0].id : 0;
  }();
  ASSERT_NE(campaign_id, 0);
  Import({Template() + " Think of the salmon.", Template()}, "20");
  auto restarted = NewDetector();
  CatchUpReport report = CatchUp(*restarted);
  EXPECT_EQ(report.read, 2);
  EXPECT_EQ(report.rebuilt, 10) << "the call's index is rebuilt from the texts";
  auto campaigns = Clusters(true);
  ASSERT_EQ(campaigns.size(), 1u);
  EXPECT_EQ(campaigns[0].id, campaign_id) << "a campaign keeps its id";
  EXPECT_EQ(campaigns[0].members, 12);
  EXPECT_EQ(Members(campaign_id).size(), 12u);
}

TEST_P(DetectorTest, AClusterBecomesACampaignWhenItReachesTheSize) {
  Import({Template(), Template() + " Think of the salmon.", Template()});
  auto detector = NewDetector(5);
  CatchUp(*detector);
  auto clusters = Clusters(false);
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_FALSE(clusters[0].is_campaign);
  EXPECT_EQ(ReadWith(&store::Statistics, call_id_).near_duplicates, 3);
  for (const Member& m : Members(clusters[0].id)) {
    EXPECT_FALSE(m.in_campaign);
    EXPECT_TRUE(m.added.empty()) << "personal parts are for campaigns";
  }
  Import({Template(), Template() + " Our well was contaminated in 2019."}, "10");
  CatchUp(*detector);
  clusters = Clusters(true);
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].members, 5);
  int with_additions = 0;
  for (const Member& m : Members(clusters[0].id)) {
    EXPECT_TRUE(m.in_campaign);
    with_additions += !m.added.empty();
  }
  EXPECT_EQ(with_additions, 2);
}

TEST_P(DetectorTest, AClusterThatGrowsWritesItsNewMembersOnly) {
  Import({Template(), Template() + " Think of the salmon."});
  auto detector = NewDetector(5);
  CatchUp(*detector);
  auto clusters = Clusters(false);
  ASSERT_EQ(clusters.size(), 1u);
  const int64_t cluster = clusters[0].id;
  // A mark on the stored rows: a pass that wrote them again would wipe it.
  ASSERT_TRUE(db_->DerivedTransaction([&](storage::Connection& c) -> Status {
                   auto changed = c.Execute("UPDATE contribution_campaign SET added = 'mark'");
                   return changed ? Status::Ok() : Status(changed.error());
                 })
                  .ok());
  Import({Template() + " Our well was contaminated in 2019."}, "10");
  CatchUp(*detector);
  clusters = Clusters(false);
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].id, cluster);
  EXPECT_FALSE(clusters[0].is_campaign);
  EXPECT_EQ(clusters[0].members, 3);
  std::vector<Member> members = Members(cluster);
  ASSERT_EQ(members.size(), 3u);
  int marked = 0;
  int representatives = 0;
  for (const Member& m : members) {
    marked += m.added == std::vector<std::string>{"mark"};
    representatives += m.is_representative;
    EXPECT_FALSE(m.in_campaign);
  }
  EXPECT_EQ(marked, 2) << "the two earlier members' rows were written again";
  EXPECT_EQ(representatives, 1);
  EXPECT_EQ(ReadWith(&store::Statistics, call_id_).near_duplicates, 3);
}

TEST_P(DetectorTest, AnotherProcessCatchingUpFirstIsNoticed) {
  Import(std::vector<std::string>(6, Template()));
  auto server = NewDetector(5);
  CatchUp(*server);
  Import(std::vector<std::string>(3, Template()), "10");
  auto import = NewDetector(5);  // as `plenary import` does at its end
  EXPECT_EQ(CatchUp(*import).read, 3);
  Import(std::vector<std::string>(2, Template()), "20");
  CatchUpReport report = CatchUp(*server);
  EXPECT_EQ(report.read, 2);
  EXPECT_GT(report.rebuilt, 0) << "its index missed what the import indexed: rebuilt";
  auto campaigns = Clusters(true);
  ASSERT_EQ(campaigns.size(), 1u);
  EXPECT_EQ(campaigns[0].members, 11);
  EXPECT_EQ(ReadWith(&store::Statistics, call_id_).contributions, 11);
}

// The server's pass and an import's can run at once: a batch the other indexed first is left
// to it (the watermark's compare-and-set refuses ours), and the pass goes on from there.
TEST_P(DetectorTest, ABatchAnotherProcessIndexedFirstIsLeftToItAndThePassGoesOn) {
  Import(std::vector<std::string>(30, Template()));  // five batches of up to 7
  auto server = NewDetector(5);
  auto import = NewDetector(5);
  bool raced = false;
  auto report = import->CatchUp([&](int64_t, int64_t) {
    if (!raced) {  // after the import's first batch, the server indexes all the rest
      raced = true;
      EXPECT_EQ(CatchUp(*server).read, 23);
    }
  });
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_TRUE(raced);
  EXPECT_EQ(report->read, 7) << "its own first batch; the rest was the server's";
  auto campaigns = Clusters(true);
  ASSERT_EQ(campaigns.size(), 1u);
  EXPECT_EQ(campaigns[0].members, 30);
  EXPECT_EQ(ReadWith(&store::Statistics, call_id_).contributions, 30);
}

TEST_P(DetectorTest, UnreadableTextsAreCountedButJoinNothing) {
  Import({"la la la la la la", "!!! ??? ...", Template(), Template()});
  auto detector = NewDetector();
  CatchUpReport report = CatchUp(*detector);
  EXPECT_EQ(report.read, 4);
  EXPECT_EQ(report.unreadable, 2);
  auto stats = ReadWith(&store::Statistics, call_id_);
  EXPECT_EQ(stats.unreadable, 2);
  EXPECT_EQ(stats.near_duplicates, 2);
  EXPECT_EQ(stats.unique, 2);
}

// Detection data that went further than the contributions (SQLite: a `-derived` file left beside
// a recreated main file) is dropped, and detection starts again from 0.
TEST_P(DetectorTest, AWatermarkPastTheLastContributionStartsDetectionAgain) {
  Import(CampaignTexts());
  CatchUp(*NewDetector());
  ASSERT_EQ(Clusters(true).size(), 1u);
  Status stale = db_->DerivedTransaction([](storage::Connection& c) {
    return c.ExecuteScript("UPDATE campaign_detection SET last_contribution_id = 1000000");
  });
  ASSERT_TRUE(stale.ok()) << stale.ToString();
  CatchUpReport report = CatchUp(*NewDetector());
  EXPECT_EQ(report.read, 12);
  auto campaigns = Clusters(true);
  ASSERT_EQ(campaigns.size(), 1u);
  EXPECT_EQ(campaigns[0].members, 12);
  EXPECT_EQ(Members(campaigns[0].id).size(), 12u);
  EXPECT_EQ(ReadWith(&store::Statistics, call_id_).contributions, 12) << "counted once";
}

// SQLite keeps the clusters and the watermark in the derived file (`<db>-derived`). Deleted, it
// comes back empty at the next start, at watermark 0, and detection rebuilds the same
// campaigns (ids, members, personal parts) from the contributions.
TEST_P(DetectorTest, ADeletedDerivedFileIsRebuiltTheSame) {
  if (GetParam() != "sqlite") {
    GTEST_SKIP() << "PostgreSQL keeps everything in one database";
  }
  Import(CampaignTexts());
  Import(UniqueTexts(), "30");
  CatchUp(*NewDetector());
  const std::vector<Cluster> before = Clusters(false);
  ASSERT_EQ(before.size(), 1u);
  const std::vector<Member> members_before = Members(before[0].id);
  const CallStatistics stats_before = ReadWith(&store::Statistics, call_id_);

  Close();
  const std::string derived = storage::SqliteFilePath(temp_->url()).value_or("") + "-derived";
  ASSERT_TRUE(std::filesystem::exists(derived));
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(derived + suffix);
  }
  Reopen();
  int64_t watermark = -1;
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                   ASSIGN_OR_RETURN(watermark, store::ReadWatermark(c));
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(watermark, 0);
  EXPECT_TRUE(Clusters(false).empty());
  ASSERT_EQ(consultation::ListContributions(*consultation_, {.call_id = call_id_})->matching, 17)
      << "the contributions are in the main file";

  EXPECT_EQ(CatchUp(*NewDetector()).read, 17);
  const std::vector<Cluster> after = Clusters(false);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].id, before[0].id);
  EXPECT_EQ(after[0].representative_id, before[0].representative_id);
  EXPECT_EQ(after[0].members, before[0].members);
  EXPECT_EQ(after[0].arrivals, before[0].arrivals);
  const std::vector<Member> members_after = Members(after[0].id);
  ASSERT_EQ(members_after.size(), members_before.size());
  for (size_t i = 0; i < members_after.size(); ++i) {
    EXPECT_EQ(members_after[i].contribution_id, members_before[i].contribution_id);
    EXPECT_EQ(members_after[i].is_representative, members_before[i].is_representative);
    EXPECT_EQ(members_after[i].added, members_before[i].added);
  }
  const CallStatistics stats_after = ReadWith(&store::Statistics, call_id_);
  EXPECT_EQ(stats_after.contributions, stats_before.contributions);
  EXPECT_EQ(stats_after.in_campaigns, stats_before.in_campaigns);
  EXPECT_EQ(stats_after.unique, stats_before.unique);
}

INSTANTIATE_TEST_SUITE_P(Backends, DetectorTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::campaigns
