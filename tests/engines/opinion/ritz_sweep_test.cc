#include "engines/opinion/ritz_sweep.h"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "random_block.h"

namespace plenary::opinion {
namespace {

double DirectDot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0;
  for (size_t c = 0; c < a.size(); ++c) {
    sum += a[c] * b[c];
  }
  return sum;
}

struct Case {
  Block s, as;
  std::vector<double> v, theta;
  Block previous;
  int n = 0;
  size_t own = 0;
};

// A basis of `own` block vectors, then (with `directions`) own residuals and own search
// directions, with random images, coefficients and Ritz values.
Case RandomCase(int n, size_t own, bool directions, size_t cols, std::mt19937_64& random) {
  Case c;
  const int k = static_cast<int>(directions ? 3 * own : own);
  c.s = RandomBlock(k, cols, random);
  c.as = RandomBlock(k, cols, random);
  c.v = RandomValues(k * n, random);
  c.theta = RandomValues(n, random);
  c.previous = RandomBlock(2, cols, random);
  c.n = n;
  c.own = own;
  return c;
}

RitzSweep Sweep(const Case& c, int threads, SpareVectors* spare = nullptr) {
  return SweepRitz(c.s, c.as, c.v, c.n, c.own, c.theta, c.previous, threads, spare);
}

// The results are the separate combinations (bit for bit: the same kernel), the residuals
// ax - x theta, and the Gram matrices of [x, r, p] as direct dot products, with the x-r block of
// h taken as (A x)^T r and its r-r block left 0.
void ExpectSweep(const Case& c) {
  const bool directions = c.s.size() > c.own;
  const RitzSweep out = Sweep(c, 2);
  const int n = c.n;
  Block p, ap;
  const Block x =
      directions ? CombineWithTail(c.s, c.v, n, n, c.own, 1, p) : Combine(c.s, c.v, n, n, 0, 1);
  const Block ax =
      directions ? CombineWithTail(c.as, c.v, n, n, c.own, 1, ap) : Combine(c.as, c.v, n, n, 0, 1);
  ASSERT_EQ(out.x, x);
  ASSERT_EQ(out.ax, ax);
  ASSERT_EQ(out.p, p);
  ASSERT_EQ(out.ap, ap);
  Block r = ax;
  for (int j = 0; j < n; ++j) {
    for (size_t col = 0; col < r[j].size(); ++col) {
      r[j][col] = ax[j][col] - c.theta[j] * x[j][col];
    }
  }
  ASSERT_EQ(out.r, r);
  Block basis = x, images = ax;
  basis.insert(basis.end(), r.begin(), r.end());
  images.insert(images.end(), n, std::vector<double>());
  basis.insert(basis.end(), p.begin(), p.end());
  images.insert(images.end(), ap.begin(), ap.end());
  const int k = static_cast<int>(basis.size());
  ASSERT_EQ(out.k, k);
  const auto is_r = [n](int i) { return i >= n && i < 2 * n; };
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) {
      const double g = DirectDot(basis[i], basis[j]);
      EXPECT_NEAR(out.g[i * k + j], g, 1e-11 * (1 + std::abs(g))) << i << " " << j;
      double h = 0;
      if (is_r(i) && is_r(j)) {
        h = 0;
      } else if (is_r(j)) {
        h = DirectDot(images[i], basis[j]);
      } else if (is_r(i)) {
        h = DirectDot(images[j], basis[i]);
      } else {
        h = DirectDot(basis[std::min(i, j)], images[std::max(i, j)]);
      }
      EXPECT_NEAR(out.h[i * k + j], h, 1e-11 * (1 + std::abs(h))) << i << " " << j;
    }
  }
  for (int j = 0; j < std::min(n, 2); ++j) {
    const double along = DirectDot(c.previous[j], x[j]);
    EXPECT_NEAR(out.along[j], along, 1e-11 * (1 + std::abs(along)));
  }
}

TEST(SweepRitz, GivesTheCombinationsResidualsAndNextGramMatrices) {
  std::mt19937_64 random(31);
  for (const size_t cols : {size_t{3}, size_t{1001}, size_t{7800}}) {
    ExpectSweep(RandomCase(4, 4, true, cols, random));   // in place
    ExpectSweep(RandomCase(4, 4, false, cols, random));  // a first iteration: no directions
    ExpectSweep(RandomCase(3, 4, true, cols, random));   // fewer Ritz vectors than the block
    ExpectSweep(RandomCase(2, 2, true, cols, random));
    ExpectSweep(RandomCase(6, 6, true, cols, random));  // more than 4: into other vectors
  }
}

TEST(SweepRitz, GivesTheSameBitsOnAnyNumberOfThreads) {
  std::mt19937_64 random(8);
  const Case c = RandomCase(4, 4, true, 7753, random);
  const RitzSweep one = Sweep(c, 1), two = Sweep(c, 2);
  EXPECT_EQ(one.x, two.x);
  EXPECT_EQ(one.r, two.r);
  EXPECT_EQ(one.g, two.g);
  EXPECT_EQ(one.h, two.h);
  EXPECT_EQ(one.along, two.along);
}

// What is left of the basis (the old search directions' images) becomes spare; a first
// iteration's residuals, which have no basis vector to take, come from the spare vectors.
TEST(SweepRitz, LeavesTheUnusedBasisSpareAndTakesFromIt) {
  std::mt19937_64 random(4);
  const Case c = RandomCase(4, 4, true, 100, random);
  SpareVectors spare;
  Sweep(c, 1, &spare);
  EXPECT_EQ(spare.size(), 4u);
  const Case first = RandomCase(4, 4, false, 100, random);
  const RitzSweep out = Sweep(first, 1, &spare);
  EXPECT_EQ(spare.size(), 0u);
  EXPECT_EQ(out.r.size(), 4u);
  EXPECT_EQ(out.r[0].size(), 100u);
}

TEST(FillResidualBlock, FillsTheResidualsProductsWithTheirImages) {
  std::mt19937_64 random(2);
  const Block r = RandomBlock(4, 500, random), ar = RandomBlock(4, 500, random);
  const int k = 12;
  std::vector<double> h(k * k, 7.0);
  FillResidualBlock(r, ar, k, h, 2);
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) {
      if (i >= 4 && i < 8 && j >= 4 && j < 8) {
        const double direct = DirectDot(r[std::min(i, j) - 4], ar[std::max(i, j) - 4]);
        EXPECT_NEAR(h[i * k + j], direct, 1e-11 * (1 + std::abs(direct)));
      } else {
        EXPECT_EQ(h[i * k + j], 7.0);
      }
    }
  }
}

// Negating a basis vector negates its row and column (its diagonal entry stays).
TEST(NegateInGram, NegatesTheVectorsRowAndColumn) {
  const int k = 3;
  std::vector<double> g = {1, 2, 3, 2, 4, 5, 3, 5, 6}, h = g;
  NegateInGram(1, k, g, h);
  const std::vector<double> expected = {1, -2, 3, -2, 4, -5, 3, -5, 6};
  EXPECT_EQ(g, expected);
  EXPECT_EQ(h, expected);
}

}  // namespace
}  // namespace plenary::opinion
