#include "engines/dedup/campaign.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::dedup {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

const Timestamp kStart{milliseconds(1767225600000)};

std::string Template(int variant) {
  std::string text =
      "We the undersigned urge the commission to keep strong net neutrality protections so that "
      "providers cannot block throttle or charge for priority and so that small businesses "
      "schools and libraries keep equal access to the open internet for years to come";
  if (variant > 0) {
    text += " and I add my own reason number " + std::to_string(variant);
  }
  return text;
}

TEST(FindCampaigns, ReportsClustersOfAtLeastN) {
  auto index = Index::Create();
  ASSERT_TRUE(index.has_value());
  for (int i = 0; i < 12; ++i) {
    // Eight exact copies, four with a personal sentence.
    ASSERT_TRUE(index->Add({Template(i < 8 ? 0 : i), kStart + minutes(i * 30)}).has_value());
  }
  for (int i = 0; i < 5; ++i) {  // a small cluster: not a campaign
    ASSERT_TRUE(index
                    ->Add({"A different short letter about bus fares and routes " +
                           std::string(i % 2 ? "!" : ".")})
                    .has_value());
  }
  const auto campaigns = FindCampaigns(*index, {.min_members = 10});
  ASSERT_EQ(campaigns.size(), 1u);
  const Campaign& c = campaigns.front();
  EXPECT_EQ(c.count(), 12u);
  EXPECT_EQ(c.representative, 0u);  // the most common variant, first seen
  EXPECT_EQ(c.representative_copies, 8u);
  EXPECT_EQ(c.variants, 5u);
  ASSERT_TRUE(c.arrivals.has_value());
  EXPECT_EQ(c.arrivals->first, kStart);
  EXPECT_EQ(c.arrivals->last, kStart + minutes(11 * 30));
  EXPECT_FALSE(c.arrivals->burst);
  EXPECT_EQ(FindCampaigns(*index, {.min_members = 5}).size(), 2u);
}

TEST(FindCampaigns, EmptyTextsNeverFormACampaign) {
  auto index = Index::Create();
  ASSERT_TRUE(index.has_value());
  for (int i = 0; i < 50; ++i) {
    EXPECT_FALSE(index->Add({""}).has_value());
    EXPECT_FALSE(index->Add({"no no no no"}).has_value());
  }
  EXPECT_TRUE(FindCampaigns(*index, {.min_members = 2}).empty());
}

TEST(DescribeCluster, UsesTheMedoidWhenNoVariantRepeats) {
  auto index = Index::Create();
  ASSERT_TRUE(index.has_value());
  std::vector<DocId> members;
  for (int i = 1; i <= 10; ++i) {
    members.push_back(*index->Add({Template(i)}));
  }
  const Campaign c = DescribeCluster(*index, members);
  EXPECT_EQ(c.variants, 10u);
  EXPECT_EQ(c.representative_copies, 1u);
  EXPECT_NE(std::find(members.begin(), members.end(), c.representative), members.end());
  EXPECT_FALSE(c.arrivals.has_value());
}

TEST(ProfileArrivals, FlagsAMachineBurst) {
  std::vector<Timestamp> times;
  std::mt19937_64 random(1);
  for (int i = 0; i < 300; ++i) {  // people over two weeks
    times.push_back(kStart + milliseconds(random() % (14LL * 86400000)));
  }
  const auto calm = ProfileArrivals(times);
  ASSERT_TRUE(calm.has_value());
  EXPECT_FALSE(calm->burst);
  for (int i = 0; i < 2000; ++i) {  // then 2,000 within forty seconds
    times.push_back(kStart + std::chrono::days(3) + milliseconds(random() % 40000));
  }
  const auto bursty = ProfileArrivals(times);
  ASSERT_TRUE(bursty.has_value());
  EXPECT_TRUE(bursty->burst);
  EXPECT_GE(bursty->peak_window_count, 2000u);
  EXPECT_EQ(bursty->peak_window_start >= kStart + std::chrono::days(3), true);
  size_t total = 0;
  for (uint32_t n : bursty->counts) {
    total += n;
  }
  EXPECT_EQ(total, times.size());
  EXPECT_LE(bursty->counts.size(), 49u);
}

TEST(ProfileArrivals, AllAtOnceIsABurstAndNothingIsNone) {
  std::vector<Timestamp> times(500, kStart);
  const auto profile = ProfileArrivals(times);
  ASSERT_TRUE(profile.has_value());
  EXPECT_TRUE(profile->burst);
  EXPECT_EQ(profile->counts, std::vector<uint32_t>{500});
  EXPECT_FALSE(ProfileArrivals({}).has_value());
}

}  // namespace
}  // namespace plenary::dedup
