#include "engines/opinion/base_points.h"

#include <cmath>

#include <gtest/gtest.h>

namespace plenary::opinion {
namespace {

TEST(NewPositions, WalksASubsequence) {
  const std::vector<int32_t> before = {4, 0, 7};
  const std::vector<int32_t> rows = {3, 4, 9, 0, 7, 8};
  EXPECT_EQ(NewPositions(before, rows, 10), (std::vector<int32_t>{1, 3, 4}));
}

TEST(NewPositions, LooksUpRowsOutOfOrderOrGone) {
  const std::vector<int32_t> before = {7, 4, 5};
  const std::vector<int32_t> rows = {3, 4, 9, 0, 7, 8};
  EXPECT_EQ(NewPositions(before, rows, 10), (std::vector<int32_t>{4, 1, -1}));
}

TEST(CarryBounds, WidensByHowFarPointsAndCentersMoved) {
  BasePoints before;
  before.rows = {2, 5};
  before.points = {{0, 0}, {10, 0}};
  before.cluster = {3, 8};
  before.second = {8, -1};
  before.upper = {1, 1};
  before.near = {9, 0};
  before.lower = {9, 9};
  const std::vector<Cluster> previous = {{3, {1, 0}, {}}, {8, {10, 1}, {}}};
  // Point 2 moved by 3 (to (0, 3)), a new point comes first; cluster 3 moved by 4, cluster 8
  // not at all.
  const std::vector<Point> points = {{5, 5}, {0, 3}, {10, 0}};
  const std::vector<Cluster> start = {{8, {10, 1}, {}}, {3, {1, 4}, {}}};
  const std::vector<int32_t> moved_to = {1, 2};
  const CarriedBounds c = CarryBounds(before, moved_to, points, start, previous);
  EXPECT_EQ(c.label, (std::vector<int32_t>{-1, 1, 0}));
  EXPECT_DOUBLE_EQ(c.upper[1], 1 + 3 + 4);
  EXPECT_EQ(c.second[1], 0);
  EXPECT_DOUBLE_EQ(c.near[1], 9 - 3 - 0);
  EXPECT_DOUBLE_EQ(c.lower[1], 9 - 3 - 4);
  EXPECT_DOUBLE_EQ(c.upper[2], 1 + 0 + 0);
  EXPECT_EQ(c.second[2], -1);
  EXPECT_DOUBLE_EQ(c.lower[2], 9 - 0 - 4);
}

TEST(CarryBounds, NoneAfterASplitOrWithoutBounds) {
  BasePoints before;
  before.rows = {0};
  before.points = {{0, 0}};
  before.cluster = {1};
  before.second = {-1};
  before.upper = before.near = before.lower = {1};
  const std::vector<Cluster> previous = {{1, {0, 0}, {}}};
  const std::vector<Point> points = {{0, 0}};
  const std::vector<int32_t> moved_to = {0};
  EXPECT_TRUE(CarryBounds(before, moved_to, points, {{{1, {0, 0}, {}}, {2, {5, 5}, {}}}}, previous)
                  .label.empty());
  before.upper.clear();
  EXPECT_TRUE(CarryBounds(before, moved_to, points, previous, previous).label.empty());
}

TEST(KeepBasePoints, ClusterIdsByPointWithOrWithoutBounds) {
  const std::vector<Cluster> clusters = {{5, {0, 0}, {1}}, {9, {1, 1}, {0, 2}}};
  CarriedBounds carried;
  carried.label = {1, 0, 1};
  carried.second = {0, -1, 0};
  carried.upper = {1, 2, 3};
  carried.near = carried.lower = {4, 5, 6};
  const BasePoints with = KeepBasePoints({7, 3, 4}, {{1, 1}, {0, 0}, {2, 2}}, clusters, carried);
  EXPECT_EQ(with.cluster, (std::vector<int32_t>{9, 5, 9}));
  EXPECT_EQ(with.second, (std::vector<int32_t>{5, -1, 5}));
  EXPECT_EQ(with.upper, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(with.rows, (std::vector<int32_t>{7, 3, 4}));
  const BasePoints without = KeepBasePoints({7, 3, 4}, {{1, 1}, {0, 0}, {2, 2}}, clusters, {});
  EXPECT_EQ(without.cluster, (std::vector<int32_t>{9, 5, 9}));
  EXPECT_TRUE(without.upper.empty());
}

}  // namespace
}  // namespace plenary::opinion
