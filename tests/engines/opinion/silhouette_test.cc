#include "engines/opinion/silhouette.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include <gtest/gtest.h>

namespace plenary::opinion {
namespace {

// The silhouette as a scan of each point's row (the definition, and the engine's code before the
// sums by cluster): the reference the fast version must match bit for bit.
double SilhouetteByRowScan(std::span<const double> d, std::span<const int32_t> label,
                           int clusters) {
  const size_t n = label.size();
  std::vector<int> size(clusters, 0);
  for (const int32_t l : label) {
    ++size[l];
  }
  double total = 0;
  std::vector<double> sum(clusters);
  for (size_t i = 0; i < n; ++i) {
    if (size[label[i]] <= 1) {
      continue;
    }
    std::fill(sum.begin(), sum.end(), 0.0);
    for (size_t j = 0; j < n; ++j) {
      sum[label[j]] += d[i * n + j];
    }
    const double a = sum[label[i]] / (size[label[i]] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (int c = 0; c < clusters; ++c) {
      if (c != label[i] && size[c] > 0) {
        b = std::min(b, sum[c] / size[c]);
      }
    }
    const double denominator = std::max(a, b);
    total += denominator > 0 && std::isfinite(b) ? (b - a) / denominator : 0;
  }
  return total / static_cast<double>(n);
}

TEST(Silhouette, MatchesHandComputedValue) {
  const std::vector<Point> points = {{0, 0}, {1, 0}, {10, 0}, {11, 0}};
  const std::vector<int32_t> label = {0, 0, 1, 1};
  const double want = (9.5 / 10.5 + 8.5 / 9.5) / 2;
  EXPECT_NEAR(Silhouette(points, label, 2), want, 1e-15);
  const std::vector<int32_t> alone = {0, 1, 1, 1};  // point 0 alone scores 0
  EXPECT_LT(Silhouette(points, alone, 2), want);
}

TEST(PairwiseDistances, SymmetricWithZeroDiagonal) {
  std::mt19937_64 random(3);
  std::normal_distribution<double> noise(0, 1);
  std::vector<Point> points(37);
  for (Point& p : points) {
    p = {noise(random), noise(random)};
  }
  const std::vector<double> d = PairwiseDistances(points);
  const size_t n = points.size();
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(d[i * n + i], 0.0);
    for (size_t j = 0; j < n; ++j) {
      EXPECT_EQ(d[i * n + j], d[j * n + i]);
      const double dx = points[i].x - points[j].x, dy = points[i].y - points[j].y;
      EXPECT_EQ(d[i * n + j], std::sqrt(dx * dx + dy * dy)) << i << " " << j;
    }
  }
}

TEST(Silhouette, SameBitsAsScanningEachRow) {
  std::mt19937_64 random(11);
  std::normal_distribution<double> noise(0, 1);
  // Sizes around the blocks of eight points, clusters that are empty or hold one point.
  for (const size_t n : {1, 2, 7, 8, 9, 16, 23, 100, 101}) {
    std::vector<Point> points(n);
    for (Point& p : points) {
      p = {noise(random), noise(random)};
    }
    const std::vector<double> d = PairwiseDistances(points);
    for (const int clusters : {1, 2, 3, 5}) {
      std::uniform_int_distribution<int32_t> pick(0, clusters - 1);
      for (int trial = 0; trial < 5; ++trial) {
        std::vector<int32_t> label(n);
        for (int32_t& l : label) {
          l = trial == 0 ? 0 : pick(random);
        }
        const double want = SilhouetteByRowScan(d, label, clusters);
        const double got = Silhouette(d, label, clusters);
        EXPECT_EQ(std::memcmp(&got, &want, sizeof got), 0) << n << " " << clusters << " " << got;
      }
    }
  }
}

}  // namespace
}  // namespace plenary::opinion
