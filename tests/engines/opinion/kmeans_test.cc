#include "engines/opinion/kmeans.h"

#include <cmath>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "engines/opinion/clean_start.h"

namespace plenary::opinion {
namespace {

std::vector<Point> Blobs(int per_blob, const std::vector<Point>& centers, double spread,
                         uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> noise(0, spread);
  std::vector<Point> points;
  for (int i = 0; i < per_blob; ++i) {
    for (const Point& c : centers) {
      points.push_back({c.x + noise(random), c.y + noise(random)});
    }
  }
  return points;
}

// Plain Lloyd, for reference: ties to the later cluster, empty clusters dropped.
std::vector<Cluster> NaiveLloyd(const std::vector<Point>& points, std::vector<Cluster> clusters,
                                int iterations) {
  for (int it = 0; it < iterations; ++it) {
    for (Cluster& c : clusters) {
      c.members.clear();
    }
    for (size_t i = 0; i < points.size(); ++i) {
      size_t best = 0;
      double best_d = std::numeric_limits<double>::infinity();
      for (size_t j = 0; j < clusters.size(); ++j) {
        const double d =
            std::hypot(points[i].x - clusters[j].center.x, points[i].y - clusters[j].center.y);
        if (d <= best_d) {
          best_d = d;
          best = j;
        }
      }
      clusters[best].members.push_back(static_cast<int32_t>(i));
    }
    std::erase_if(clusters, [](const Cluster& c) { return c.members.empty(); });
    double moved = 0;
    for (Cluster& c : clusters) {
      Point sum;
      for (const int32_t m : c.members) {
        sum.x += points[m].x;
        sum.y += points[m].y;
      }
      const Point next{sum.x / c.members.size(), sum.y / c.members.size()};
      moved = std::max(moved, std::hypot(next.x - c.center.x, next.y - c.center.y));
      c.center = next;
    }
    if (moved < 0.01) {
      break;
    }
  }
  return clusters;
}

// The same clusters as NaiveLloyd's: ids, members and centers (up to the rounding of its sums).
void ExpectLloydsClusters(const std::vector<Cluster>& got, const std::vector<Cluster>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t j = 0; j < got.size(); ++j) {
    EXPECT_EQ(got[j].id, want[j].id);
    EXPECT_EQ(got[j].members, want[j].members);
    EXPECT_NEAR(got[j].center.x, want[j].center.x, 1e-12);
    EXPECT_NEAR(got[j].center.y, want[j].center.y, 1e-12);
  }
}

// RunKMeans from the first 100 distinct points (bounds, grid, two threads) gives plain Lloyd's
// clusters: the same ids, members and centers.
void ExpectPlainLloyd(const std::vector<Point>& points) {
  const std::vector<Cluster> start = FirstDistinctClusters(points, 100);
  ExpectLloydsClusters(RunKMeans(points, {}, start, {100, 0.01, 2}),
                       NaiveLloyd(points, start, 100));
}

TEST(RunKMeans, SeparatesPlantedClusters) {
  const std::vector<Point> centers = {{0, 0}, {10, 0}, {0, 10}};
  const std::vector<Point> points = Blobs(200, centers, 1.0, 1);
  const std::vector<Cluster> result =
      RunKMeans(points, {}, FirstDistinctClusters(points, 3), {100, 0.01, 1});
  ASSERT_EQ(result.size(), 3u);
  for (const Cluster& c : result) {
    EXPECT_EQ(c.members.size(), 200u);
    for (const int32_t m : c.members) {
      EXPECT_EQ(m % 3, c.members[0] % 3);  // every member from the same blob
    }
  }
}

// n points uniform in a square, a tenth of them repeated (points n/3 on repeat the first ones).
std::vector<Point> UniformWithRepeats(size_t n, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(-5, 5);
  std::vector<Point> points(n);
  for (Point& p : points) {
    p = {unit(random), unit(random)};
  }
  for (size_t i = 0; i < n / 10; ++i) {
    points[i + n / 3] = points[i];
  }
  return points;
}

TEST(RunKMeans, EqualsPlainLloydExactly) {
  ExpectPlainLloyd(UniformWithRepeats(3000, 8));
}

// Many points in a few dense blobs, as participants' projections are: the centers crowd in the
// blobs, points keep their cluster across steps (the bounds skip the search) and the points are
// split into blocks for threads. Lloyd's result must not change.
TEST(RunKMeans, EqualsPlainLloydOnCrowdedBlobs) {
  const std::vector<Point> blobs = {{0, 0}, {3, 0}, {0, 3}, {4, 4}};
  const std::vector<Point> points = Blobs(2500, blobs, 0.7, 5);
  ExpectPlainLloyd(points);
}

// Below 2,048 points (one block), once few centers move a step, the steps after it check the
// points against the moved centers alone (MovedCenters): still plain Lloyd's clusters.
TEST(RunKMeans, LateStepsOnFewPointsEqualPlainLloyd) {
  const std::vector<Point> points = UniformWithRepeats(1800, 23);
  ExpectPlainLloyd(points);
  ExpectPlainLloyd(Blobs(450, {{0, 0}, {3, 0}, {0, 3}, {4, 4}}, 0.7, 29));
  // Such a run gives its labels, without bounds.
  CarriedBounds given;
  RunKMeans(points, {}, FirstDistinctClusters(points, 100), {100, 0.01, 1, nullptr, &given});
  EXPECT_EQ(given.label.size(), points.size());
  EXPECT_TRUE(given.upper.empty());
}

// A warm start with bounds carried from the previous run (widened by how far each point and
// center moved since) settles most points without a search; the result must be the same.
// Above 64k points the passes around the steps (taking and handing over the bounds, the grid
// cells, the member lists) run in point ranges on two threads: the one thread's clusters and
// carried bounds, bit for bit, for a one-step run from carried bounds (an incremental update's)
// and a full one.
TEST(RunKMeans, PassesAroundTheStepsAreTheSameOnTwoThreads) {
  const std::vector<Point> points =
      Blobs(17'000, {{0, 0}, {3, 0}, {0, 3}, {4, 4}}, 0.8, 31);  // 68,000 points
  ASSERT_GT(points.size(), 65'536u);
  std::vector<Cluster> clusters[2];
  CarriedBounds carried[2];
  for (int t = 0; t < 2; ++t) {
    KMeansOptions options{100, 0.01, t + 1, nullptr, &carried[t]};
    clusters[t] = RunKMeans(points, {}, FirstDistinctClusters(points, 100), options);
    KMeansOptions one_step{1, 0.01, t + 1, nullptr, &carried[t]};
    clusters[t] = RunKMeans(points, {}, CleanStartClusters(points, {}, clusters[t], 100), one_step);
  }
  ASSERT_EQ(clusters[1].size(), clusters[0].size());
  for (size_t j = 0; j < clusters[0].size(); ++j) {
    EXPECT_EQ(clusters[1][j].id, clusters[0][j].id);
    EXPECT_EQ(clusters[1][j].members, clusters[0][j].members);
    EXPECT_EQ(clusters[1][j].center, clusters[0][j].center);
  }
  ASSERT_EQ(carried[0].label.size(), points.size());
  EXPECT_EQ(carried[1].label, carried[0].label);
  EXPECT_EQ(carried[1].upper, carried[0].upper);
  EXPECT_EQ(carried[1].second, carried[0].second);
  EXPECT_EQ(carried[1].near, carried[0].near);
  EXPECT_EQ(carried[1].lower, carried[0].lower);
}

TEST(RunKMeans, CarriedBoundsDoNotChangeTheResult) {
  const std::vector<Point> blobs = {{0, 0}, {3, 0}, {0, 3}, {4, 4}};
  const std::vector<Point> points = Blobs(1500, blobs, 0.8, 9);
  CarriedBounds carried;
  KMeansOptions options{100, 0.01, 2, nullptr, &carried};
  const std::vector<Cluster> first =
      RunKMeans(points, {}, FirstDistinctClusters(points, 100), options);
  ASSERT_EQ(carried.label.size(), points.size());
  // Every point moves a little, as after an incremental update.
  std::mt19937_64 random(4);
  std::normal_distribution<double> jitter(0, 0.02);
  std::vector<Point> moved = points;
  std::vector<double> distance(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    moved[i] = {points[i].x + jitter(random), points[i].y + jitter(random)};
    distance[i] = std::hypot(moved[i].x - points[i].x, moved[i].y - points[i].y);
  }
  const std::vector<Cluster> start = CleanStartClusters(moved, {}, first, 100);
  ASSERT_EQ(start.size(), first.size());  // no cluster emptied or added: positions match
  std::vector<double> shift(start.size());
  double max_shift = 0;
  for (size_t j = 0; j < start.size(); ++j) {
    shift[j] =
        std::hypot(start[j].center.x - first[j].center.x, start[j].center.y - first[j].center.y);
    max_shift = std::max(max_shift, shift[j]);
  }
  for (size_t i = 0; i < points.size(); ++i) {
    carried.upper[i] += distance[i] + shift[carried.label[i]];
    carried.lower[i] -= distance[i] + max_shift;
    if (carried.second[i] >= 0) {
      carried.near[i] -= distance[i] + shift[carried.second[i]];
    }
  }
  KMeansOptions warm_options{100, 0.01, 2, nullptr, &carried};
  const std::vector<Cluster> warm = RunKMeans(moved, {}, start, warm_options);
  const std::vector<Cluster> plain = RunKMeans(moved, {}, start, {100, 0.01, 2});
  ASSERT_EQ(warm.size(), plain.size());
  for (size_t j = 0; j < warm.size(); ++j) {
    EXPECT_EQ(warm[j].id, plain[j].id);
    EXPECT_EQ(warm[j].members, plain[j].members);
    EXPECT_EQ(warm[j].center, plain[j].center);
  }
}

// A run asked for ids gives the same clusters, with each point's cluster and second as ids and
// the members as the given ids; after a run that dropped a cluster, the clusters without bounds.
TEST(RunKMeans, GivesClustersByIdWhenAsked) {
  // (From 2,048 points: on fewer, the late steps keep no bounds to give.)
  const std::vector<Point> points = Blobs(700, {{0, 0}, {3, 0}, {0, 3}}, 0.5, 5);
  std::vector<Cluster> start = FirstDistinctClusters(points, 20);
  for (Cluster& c : start) {
    c.id = 100 + 3 * c.id;
  }
  std::vector<int32_t> rows(points.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i] = static_cast<int32_t>(7 * i + 1);
  }
  CarriedBounds by_position, by_id;
  const std::vector<Cluster> plain =
      RunKMeans(points, {}, start, {100, 0.01, 1, nullptr, &by_position});
  const std::vector<Cluster> named =
      RunKMeans(points, {}, start, {100, 0.01, 1, nullptr, &by_id, true, rows});
  ASSERT_EQ(named.size(), plain.size());
  ASSERT_EQ(by_id.label.size(), points.size());
  ASSERT_EQ(by_position.second.size(), points.size());
  ASSERT_EQ(by_id.upper, by_position.upper);
  EXPECT_EQ(by_id.lower, by_position.lower);
  for (size_t j = 0; j < plain.size(); ++j) {
    EXPECT_EQ(named[j].center, plain[j].center);
    ASSERT_EQ(named[j].members.size(), plain[j].members.size());
    for (size_t m = 0; m < plain[j].members.size(); ++m) {
      EXPECT_EQ(named[j].members[m], rows[plain[j].members[m]]);
    }
  }
  for (size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(by_id.label[i], plain[by_position.label[i]].id);
    const int32_t b = by_position.second[i];
    EXPECT_EQ(by_id.second[i], b >= 0 ? plain[b].id : -1);
  }
  // A center far from every point loses its cluster in the first step.
  std::vector<Cluster> with_empty = {{4, {0, 0}, {}}, {8, {100, 100}, {}}, {6, {3, 0}, {}}};
  CarriedBounds dropped;
  const std::vector<Cluster> two =
      RunKMeans(points, {}, with_empty, {1, 0.01, 1, nullptr, &dropped, true});
  ASSERT_EQ(two.size(), 2u);
  ASSERT_EQ(dropped.label.size(), points.size());
  EXPECT_TRUE(dropped.upper.empty());
  for (const Cluster& c : two) {
    for (const int32_t m : c.members) {
      EXPECT_EQ(dropped.label[m], c.id);
    }
  }
}

TEST(RunKMeans, GivesNothingWithoutPointsOrClusters) {
  CarriedBounds carried;
  carried.label = {3};
  carried.upper = {1.0};
  EXPECT_TRUE(RunKMeans({}, {}, {{0, {0, 0}, {}}}, {1, 0.01, 1, nullptr, &carried}).empty());
  EXPECT_TRUE(carried.label.empty());
  EXPECT_TRUE(carried.upper.empty());
}

TEST(RunKMeans, WeightsPullCenters) {
  const std::vector<Point> points = {{0, 0}, {1, 0}, {10, 0}};
  const std::vector<double> weights = {3, 1, 1};
  const std::vector<Cluster> r =
      RunKMeans(points, weights, {{0, {0, 0}, {}}, {1, {10, 0}, {}}}, {20, 0.01, 1});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_DOUBLE_EQ(r[0].center.x, 0.25);
  EXPECT_EQ(r[0].members, (std::vector<int32_t>{0, 1}));
}

TEST(RunKMeans, DropsEmptyClusters) {
  const std::vector<Point> points = {{0, 0}, {0.1, 0}, {5, 5}};
  const std::vector<Cluster> r = RunKMeans(
      points, {}, {{0, {0, 0}, {}}, {1, {100, 100}, {}}, {2, {5, 5}, {}}}, {100, 0.01, 1});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].id, 0);
  EXPECT_EQ(r[1].id, 2);
}

// A single step (an incremental update's base k-means) keeps no bounds. It gives the clusters of a
// bounded step (a two-step run whose threshold stops it after one) bit for bit, on eight blocks
// of points on two threads, weighted or not, with repeated points (ties), and labels by id
// without bounds.
void ExpectOneStepEqualsABoundedStep(std::vector<Point> points, int clusters) {
  for (int i = 0; i < 200; ++i) {
    points.push_back(points[5 * i]);
  }
  ASSERT_GE(points.size(), 2048u);
  std::mt19937_64 random(8);
  std::uniform_int_distribution<int> weight(1, 9);
  std::vector<double> weights(points.size());
  for (double& w : weights) {
    w = weight(random);
  }
  std::vector<int32_t> rows(points.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i] = static_cast<int32_t>(3 * i + 2);
  }
  const std::vector<Cluster> start = FirstDistinctClusters(points, clusters);
  EXPECT_FALSE(ReadsCarriedBounds(points.size(), start.size(), 1));
  EXPECT_TRUE(ReadsCarriedBounds(points.size(), start.size(), 2));
  const double never = std::numeric_limits<double>::infinity();
  for (const bool weighted : {false, true}) {
    const std::span<const double> w =
        weighted ? std::span<const double>(weights) : std::span<const double>();
    int one_steps = 0, bounded_steps = 0;
    CarriedBounds given, bounded;
    const std::vector<Cluster> got =
        RunKMeans(points, w, start, {1, 0.01, 2, &one_steps, &given, true, rows});
    const std::vector<Cluster> want =
        RunKMeans(points, w, start, {2, never, 2, &bounded_steps, &bounded, true, rows});
    EXPECT_EQ(one_steps, 1);
    EXPECT_EQ(bounded_steps, 1);
    ASSERT_EQ(got.size(), want.size()) << weighted;
    for (size_t j = 0; j < got.size(); ++j) {
      EXPECT_EQ(got[j].id, want[j].id);
      EXPECT_EQ(got[j].center, want[j].center);
      EXPECT_EQ(got[j].members, want[j].members);
    }
    EXPECT_EQ(given.label, bounded.label);
    EXPECT_TRUE(given.upper.empty());
  }
}

// On a small problem the step scans every center; a center far from every point is dropped as
// plain Lloyd drops it.
TEST(RunKMeans, OneStepScanningEveryCenterEqualsABoundedStep) {
  const std::vector<Point> points = Blobs(700, {{0, 0}, {3, 0}, {0, 3}, {4, 4}}, 0.8, 21);
  ExpectOneStepEqualsABoundedStep(points, 100);
  std::vector<Cluster> with_far = FirstDistinctClusters(points, 100);
  with_far.push_back({100, {60, 60}, {}});
  const std::vector<Cluster> got = RunKMeans(points, {}, with_far, {1, 0.01, 2});
  EXPECT_EQ(got.size(), with_far.size() - 1);
  ExpectLloydsClusters(got, NaiveLloyd(points, with_far, 1));
}

// On more points (past 2^20 point-center distances) each point scans its grid cell's candidates:
// long lists (100 centers on a 16 x 16 grid) and short ones (a 64 x 64 grid).
TEST(RunKMeans, OneStepThroughTheGridEqualsABoundedStep) {
  const std::vector<Point> blobs = {{0, 0}, {3, 0}, {0, 3}, {4, 4}};
  ExpectOneStepEqualsABoundedStep(Blobs(5'000, blobs, 0.8, 22), 100);
  ExpectOneStepEqualsABoundedStep(Blobs(70'000, blobs, 1.5, 23), 40);
}

// Points exactly halfway between two centers (integer coordinates: exact squared distances) go
// to the later one, as in plain Lloyd; a center far from every point is dropped.
TEST(RunKMeans, OneStepThroughTheGridSendsTiesToTheLaterCenter) {
  std::vector<Cluster> start;
  for (int y = 0; y < 8; ++y) {
    for (int x = 0; x < 8; ++x) {
      start.push_back({static_cast<int32_t>(start.size()), {4.0 * x, 4.0 * y}, {}});
    }
  }
  start.push_back({64, {500, 500}, {}});
  std::vector<Point> points;
  for (int y = 0; y <= 56; ++y) {
    for (int x = 0; x <= 56; ++x) {
      for (int copy = 0; copy < 8; ++copy) {
        points.push_back({0.5 * x, 0.5 * y});  // every 8th is halfway (or at a corner of 4)
      }
    }
  }
  ASSERT_GT(points.size() * start.size(), size_t{1} << 20);
  ASSERT_FALSE(ReadsCarriedBounds(points.size(), start.size(), 1));
  const std::vector<Cluster> got = RunKMeans(points, {}, start, {1, 0.01, 2});
  EXPECT_EQ(got.size(), start.size() - 1);
  ExpectLloydsClusters(got, NaiveLloyd(points, start, 1));
}

// Small problems (the group k-means: a hundred weighted base centers, k <= 5) take plain scans;
// a run handed carried bounds takes the bounded steps. Both give the same clusters, bit for bit,
// weighted or not, with an empty cluster dropped on the way and points repeated (ties).
TEST(RunKMeans, PlainScansOfSmallProblemsEqualTheBoundedSteps) {
  const std::vector<Point> blobs = {{0, 0}, {3, 0}, {0, 3}};
  std::vector<Point> points = Blobs(40, blobs, 0.9, 11);
  for (int i = 0; i < 10; ++i) {
    points.push_back(points[i]);
  }
  std::mt19937_64 random(2);
  std::uniform_int_distribution<int> weight(1, 30);
  std::vector<double> weights(points.size());
  for (double& w : weights) {
    w = weight(random);
  }
  std::vector<Cluster> start = FirstDistinctClusters(points, 4);
  start.push_back({4, {50, 50}, {}});  // far from every point: dropped at the first step
  ASSERT_LE(points.size() * start.size(), 1024u);
  for (const bool weighted : {false, true}) {
    const std::span<const double> w =
        weighted ? std::span<const double>(weights) : std::span<const double>();
    int plain_steps = 0, bounded_steps = 0;
    KMeansOptions plain{20, 0.01, 1, &plain_steps};
    const std::vector<Cluster> got = RunKMeans(points, w, start, plain);
    CarriedBounds none;
    KMeansOptions bounded{20, 0.01, 1, &bounded_steps, &none};
    const std::vector<Cluster> want = RunKMeans(points, w, start, bounded);
    ASSERT_EQ(got.size(), 4u) << weighted;
    ASSERT_EQ(got.size(), want.size()) << weighted;
    EXPECT_EQ(plain_steps, bounded_steps) << weighted;
    EXPECT_GT(plain_steps, 1) << weighted;
    for (size_t j = 0; j < got.size(); ++j) {
      EXPECT_EQ(got[j].id, want[j].id);
      EXPECT_EQ(got[j].members, want[j].members);
      EXPECT_EQ(got[j].center.x, want[j].center.x);
      EXPECT_EQ(got[j].center.y, want[j].center.y);
    }
  }
  // And the unweighted run is plain Lloyd's.
  const std::vector<Cluster> lloyd = NaiveLloyd(points, start, 20);
  const std::vector<Cluster> fast = RunKMeans(points, {}, start, {20, 0.01, 1});
  ASSERT_EQ(fast.size(), lloyd.size());
  for (size_t j = 0; j < fast.size(); ++j) {
    EXPECT_EQ(fast[j].members, lloyd[j].members);
  }
}

}  // namespace
}  // namespace plenary::opinion
