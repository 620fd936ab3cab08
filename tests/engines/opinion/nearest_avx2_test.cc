#include "engines/opinion/nearest_avx2.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::opinion {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The plain scan: squared distances in order, <= so that ties go to the later candidate.
NearestSquared Plain(double px, double py, const std::vector<double>& x,
                     const std::vector<double>& y) {
  NearestSquared n;
  n.best_squared = n.second_squared = n.third_squared = kInfinity;
  n.second = x.size();
  for (size_t k = 0; k < x.size(); ++k) {
    const double dx = px - x[k], dy = py - y[k];
    const double d = dx * dx + dy * dy;
    if (d <= n.best_squared) {
      n.third_squared = n.second_squared;
      n.second_squared = n.best_squared;
      n.second = n.best_squared < kInfinity ? n.best : x.size();
      n.best_squared = d;
      n.best = k;
    } else if (d <= n.second_squared) {
      n.third_squared = n.second_squared;
      n.second_squared = d;
      n.second = k;
    } else {
      n.third_squared = std::min(n.third_squared, d);
    }
  }
  return n;
}

// `count` random candidates in [-1, 1)^2 and a point to search from: every third trial copies
// earlier candidates (equal distances, ties to resolve), every second searches from a candidate.
struct Candidates {
  std::vector<double> x, y;
  double px = 0, py = 0;
};
Candidates MakeCandidates(size_t count, int trial, std::mt19937& random) {
  std::uniform_real_distribution<double> coordinate(-1, 1);
  Candidates c;
  c.x.resize(count);
  c.y.resize(count);
  for (size_t k = 0; k < count; ++k) {
    const bool copy = trial % 3 == 0 && k > 0 && random() % 2 == 0;
    const size_t from = copy ? random() % k : k;
    c.x[k] = copy ? c.x[from] : coordinate(random);
    c.y[k] = copy ? c.y[from] : coordinate(random);
  }
  const size_t at = random() % count;
  c.px = trial % 2 == 0 ? c.x[at] : coordinate(random);
  c.py = trial % 2 == 0 ? c.y[at] : coordinate(random);
  return c;
}

TEST(NearestThreeAvx2, MatchesAPlainScanWithTiesToTheLaterCandidate) {
  if (!HasAvx2()) {
    GTEST_SKIP() << "no AVX2";
  }
  std::mt19937 random(3);
  for (size_t count = 1; count <= 256; count += count < 20 ? 1 : 13) {
    for (int trial = 0; trial < 20; ++trial) {
      const Candidates c = MakeCandidates(count, trial, random);
      const NearestSquared want = Plain(c.px, c.py, c.x, c.y);
      const NearestSquared got = NearestThreeAvx2(c.px, c.py, c.x.data(), c.y.data(), count);
      ASSERT_EQ(got.best, want.best) << count << " " << trial;
      EXPECT_EQ(got.best_squared, want.best_squared);
      ASSERT_EQ(got.second, want.second) << count << " " << trial;
      if (want.second < count) {
        EXPECT_EQ(got.second_squared, want.second_squared);
        EXPECT_EQ(got.third_squared, want.third_squared);
      }
    }
  }
}

// NearestAvx2 is the plain scan's nearest, ties to the later candidate, on counts that end in
// the middle of its eight-candidate turns and past them, with copies of candidates (equal
// distances) in every third trial.
TEST(NearestAvx2, IsThePlainScansNearestWithTiesToTheLaterCandidate) {
  if (!HasAvx2()) {
    GTEST_SKIP() << "no AVX2";
  }
  std::mt19937 random(7);
  int ties = 0;
  for (size_t count = 1; count <= 256; count += count < 24 ? 1 : 11) {
    for (int trial = 0; trial < 30; ++trial) {
      const Candidates c = MakeCandidates(count, trial, random);
      const NearestSquared want = Plain(c.px, c.py, c.x, c.y);
      ASSERT_EQ(NearestAvx2(c.px, c.py, c.x.data(), c.y.data(), count), want.best)
          << count << " " << trial;
      ties += want.second < count && want.second_squared == want.best_squared ? 1 : 0;
    }
  }
  EXPECT_GT(ties, 100);  // the copies made ties to resolve
}

TEST(HalfGapsAvx2, IsHalfTheDistanceToTheNearestOtherPoint) {
  if (!HasAvx2()) {
    GTEST_SKIP() << "no AVX2";
  }
  std::mt19937 random(5);
  std::uniform_real_distribution<double> coordinate(-1, 1);
  for (size_t count = 1; count <= 40; ++count) {
    std::vector<double> x(count), y(count), gap(count);
    for (size_t k = 0; k < count; ++k) {
      x[k] = coordinate(random);
      y[k] = k == 3 ? y[0] : coordinate(random);  // a repeated coordinate
    }
    HalfGapsAvx2(x.data(), y.data(), count, gap.data());
    for (size_t a = 0; a < count; ++a) {
      double nearest = kInfinity;
      for (size_t b = 0; b < count; ++b) {
        const double dx = x[a] - x[b], dy = y[a] - y[b];
        nearest = b == a ? nearest : std::min(nearest, dx * dx + dy * dy);
      }
      EXPECT_EQ(gap[a], 0.5 * std::sqrt(nearest)) << count << " " << a;
    }
  }
}

}  // namespace
}  // namespace plenary::opinion
