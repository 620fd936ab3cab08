#include "engines/opinion/base_points.h"

#include <cmath>
#include <limits>
#include <random>

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
  // The new point's cluster is unknown: label 0 with bounds that settle nothing.
  EXPECT_TRUE(c.checked);
  EXPECT_EQ(c.label, (std::vector<int32_t>{0, 1, 0}));
  EXPECT_EQ(c.upper[0], std::numeric_limits<double>::infinity());
  EXPECT_EQ(c.lower[0], -std::numeric_limits<double>::infinity());
  EXPECT_EQ(c.second[0], -1);
  EXPECT_DOUBLE_EQ(c.upper[1], 1 + 3 + 4);
  EXPECT_EQ(c.second[1], 0);
  EXPECT_DOUBLE_EQ(c.near[1], 9 - 3 - 0);
  EXPECT_DOUBLE_EQ(c.lower[1], 9 - 3 - 4);
  EXPECT_DOUBLE_EQ(c.upper[2], 1 + 0 + 0);
  EXPECT_EQ(c.second[2], -1);
  EXPECT_DOUBLE_EQ(c.lower[2], 9 - 0 - 4);
}

// The bounds carried point by point into fresh arrays: what the in-place carry must equal
// (checked: unknown points have label 0 and infinite bounds, a second is never the label).
CarriedBounds CarryByLookup(const BasePoints& before, std::span<const int32_t> moved_to,
                            std::span<const Point> points, std::span<const Cluster> start,
                            std::span<const Cluster> previous) {
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  CarriedBounds c;
  c.label.assign(points.size(), 0);
  c.upper.assign(points.size(), kInfinity);
  c.second.assign(points.size(), -1);
  c.near.assign(points.size(), 0.0);
  c.lower.assign(points.size(), -kInfinity);
  const auto find = [](std::span<const Cluster> clusters, int32_t id) {
    for (size_t s = 0; s < clusters.size(); ++s) {
      if (clusters[s].id == id) {
        return static_cast<int32_t>(s);
      }
    }
    return -1;
  };
  std::vector<double> shift(start.size());
  double max_shift = 0;
  for (size_t s = 0; s < start.size(); ++s) {
    const Point& last = previous[find(previous, start[s].id)].center;
    shift[s] = std::hypot(start[s].center.x - last.x, start[s].center.y - last.y);
    max_shift = std::max(max_shift, shift[s]);
  }
  for (size_t q = 0; q < moved_to.size(); ++q) {
    const int32_t p = moved_to[q], s = find(start, before.cluster[q]);
    if (p < 0 || s < 0) {
      continue;
    }
    const double moved = std::sqrt(std::pow(points[p].x - before.points[q].x, 2) +
                                   std::pow(points[p].y - before.points[q].y, 2));
    c.label[p] = s;
    c.upper[p] = before.upper[q] + moved + shift[s];
    c.lower[p] = before.lower[q] - moved - max_shift;
    const int32_t b = before.second[q] >= 0 ? find(start, before.second[q]) : -1;
    if (b >= 0 && b != s) {
      c.second[p] = b;
      c.near[p] = before.near[q] - moved - shift[b];
    }
  }
  return c;
}

// Carries bounds over `count` points: the first `kept` keep their positions, after them a share
// `new_share` of the points are new. 30 clusters with ids 0, 2, .., 58; the start drops two of
// them (their points lose their bounds) and moves the rest a little. The in-place carry (on
// `threads` threads) must equal a lookup per point.
void ExpectCarryEqualsLookup(int32_t count, int32_t kept, double new_share, int threads = 1) {
  std::mt19937_64 random(9);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<Cluster> previous, start;
  for (int32_t c = 0; c < 30; ++c) {
    previous.push_back({2 * c, {unit(random), unit(random)}, {}});
    if (c != 4 && c != 17) {
      start.push_back({2 * c, {previous.back().center.x + 0.01 * unit(random), 0.5}, {}});
    }
  }
  BasePoints before;
  std::vector<int32_t> moved_to;
  std::vector<Point> points;
  for (int32_t p = 0; p < count; ++p) {
    points.push_back({unit(random), unit(random)});
    if (p >= kept && unit(random) < new_share) {
      continue;  // a new point
    }
    moved_to.push_back(p);
    before.points.push_back({points.back().x + 0.01 * unit(random), points.back().y});
    before.cluster.push_back(2 * static_cast<int32_t>(30 * unit(random)));
    before.second.push_back(unit(random) < 0.3 ? -1 : 2 * static_cast<int32_t>(30 * unit(random)));
    before.upper.push_back(unit(random));
    before.near.push_back(unit(random));
    before.lower.push_back(unit(random));
  }
  before.rows.assign(moved_to.size(), 0);
  const CarriedBounds want = CarryByLookup(before, moved_to, points, start, previous);
  const CarriedBounds got = CarryBounds(before, moved_to, points, start, previous, threads);
  EXPECT_TRUE(got.checked);
  EXPECT_EQ(got.label, want.label);
  EXPECT_EQ(got.second, want.second);
  EXPECT_EQ(got.upper, want.upper);
  EXPECT_EQ(got.near, want.near);
  EXPECT_EQ(got.lower, want.lower);
}

TEST(CarryBounds, InPlaceEqualsALookupPerPoint) {
  ExpectCarryEqualsLookup(2'000, 0, 0.15);  // 300 new points among 2,000
  // The common case: most points keep their positions, new ones join after them.
  ExpectCarryEqualsLookup(20'000, 16'000, 0.1);
  ExpectCarryEqualsLookup(20'000, 20'000, 0.1);  // no new point
  // From 65,536 points, those that keep their positions are carried on two threads.
  ExpectCarryEqualsLookup(100'000, 90'000, 0.1, 2);
  ExpectCarryEqualsLookup(100'000, 100'000, 0.1, 2);
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

TEST(KeepBasePoints, TakesTheRunsClusterIdsAndBounds) {
  CarriedBounds carried;
  carried.label = {9, 5, 9};
  carried.second = {5, -1, 5};
  carried.upper = {1, 2, 3};
  carried.near = carried.lower = {4, 5, 6};
  const BasePoints with = KeepBasePoints({7, 3, 4}, {{1, 1}, {0, 0}, {2, 2}}, carried);
  EXPECT_EQ(with.cluster, (std::vector<int32_t>{9, 5, 9}));
  EXPECT_EQ(with.second, (std::vector<int32_t>{5, -1, 5}));
  EXPECT_EQ(with.upper, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(with.lower, (std::vector<double>{4, 5, 6}));
  EXPECT_EQ(with.rows, (std::vector<int32_t>{7, 3, 4}));
  // A run that dropped a cluster gives its points' clusters without bounds.
  carried.second.clear();
  carried.upper.clear();
  carried.near.clear();
  carried.lower.clear();
  const BasePoints without = KeepBasePoints({7, 3, 4}, {{1, 1}, {0, 0}, {2, 2}}, carried);
  EXPECT_EQ(without.cluster, (std::vector<int32_t>{9, 5, 9}));
  EXPECT_TRUE(without.upper.empty());
}

}  // namespace
}  // namespace plenary::opinion
