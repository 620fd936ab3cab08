#include "engines/opinion/clean_start.h"

#include <cstring>
#include <random>

#include <gtest/gtest.h>

namespace plenary::opinion {
namespace {

TEST(FirstDistinctClusters, SkipsRepeatedPoints) {
  const std::vector<Point> points = {{0, 0}, {0, 0}, {1, 1}, {0, 0}, {2, 2}, {3, 3}};
  const std::vector<Cluster> c = FirstDistinctClusters(points, 3);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[1].center, (Point{1, 1}));
  EXPECT_EQ(c[2].center, (Point{2, 2}));
  EXPECT_EQ(c[2].id, 2);
}

TEST(CleanStartClusters, RecentresMergesAndSplits) {
  const std::vector<Point> points = {{0, 0}, {2, 0}, {1, 0}, {1, 0}, {9, 9}};
  std::vector<Cluster> previous = {
      {4, {}, {0, 1}},  // recentred to (1, 0)
      {7, {}, {2, 3}},  // also (1, 0): merged, the larger... equal sizes keep the first id
      {9, {}, {}},      // empty: dropped
  };
  const std::vector<Cluster> c = CleanStartClusters(points, {}, previous, 2);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].id, 4);
  EXPECT_EQ(c[0].center, (Point{1, 0}));
  EXPECT_EQ(c[0].members.size(), 4u);
  // The farthest point from (1, 0) is split off with id max + 1.
  EXPECT_EQ(c[1].id, 5);
  EXPECT_EQ(c[1].center, (Point{9, 9}));
}

TEST(CleanStartClustersFromLabels, SameClustersAsFromMemberLists) {
  std::mt19937_64 random(5);
  std::normal_distribution<double> noise(0, 3);
  std::vector<Point> points(5'000);
  for (Point& p : points) {
    p = {noise(random), noise(random)};
  }
  // Forty clusters with scattered members, given both ways; some points in none, two clusters
  // empty (dropped); k = 60 splits twenty-two more off.
  std::uniform_int_distribution<int32_t> pick(-1, 39);
  std::vector<int32_t> label(points.size());
  std::vector<Cluster> previous(40);
  for (int32_t c = 0; c < 40; ++c) {
    previous[c].id = 3 * c + 1;
  }
  for (size_t i = 0; i < points.size(); ++i) {
    label[i] = pick(random);
    label[i] = label[i] == 7 ? -1 : label[i] == 9 ? 8 : label[i];
    if (label[i] >= 0) {
      previous[label[i]].members.push_back(static_cast<int32_t>(i));
    }
  }
  std::vector<Cluster> unlisted = previous;
  for (Cluster& c : unlisted) {
    c.members.clear();
  }
  for (const int k : {40, 60}) {
    const std::vector<Cluster> want = CleanStartClusters(points, {}, previous, k);
    const std::vector<Cluster> got = CleanStartClustersFromLabels(points, label, unlisted, k);
    ASSERT_EQ(got.size(), want.size());
    for (size_t c = 0; c < want.size(); ++c) {
      EXPECT_EQ(got[c].id, want[c].id);
      EXPECT_EQ(std::memcmp(&got[c].center, &want[c].center, sizeof(Point)), 0) << c;
      EXPECT_TRUE(got[c].members.empty());  // unlisted
    }
  }
}

TEST(CleanStartClustersFromLabels, MergesEqualCentersAndSplits) {
  const std::vector<Point> points = {{0, 0}, {2, 0}, {1, 0}, {1, 0}, {1, 0}, {9, 9}};
  // Clusters 4 and 7 end on the same center: the larger (7, three points) keeps its id.
  const std::vector<int32_t> label = {0, 0, 1, 1, 1, -1};
  const std::vector<Cluster> previous = {{4, {}, {}}, {7, {}, {}}, {9, {}, {}}};
  const std::vector<Cluster> c = CleanStartClustersFromLabels(points, label, previous, 2);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].id, 7);
  EXPECT_EQ(c[0].center, (Point{1, 0}));
  EXPECT_EQ(c[1].id, 8);
  EXPECT_EQ(c[1].center, (Point{9, 9}));
  EXPECT_TRUE(c[0].members.empty());
  EXPECT_TRUE(c[1].members.empty());
}

}  // namespace
}  // namespace plenary::opinion
