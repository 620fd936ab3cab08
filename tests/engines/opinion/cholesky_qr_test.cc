#include "engines/opinion/cholesky_qr.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "random_block.h"

namespace plenary::opinion {
namespace {

// s c, column j = sum over k of c[k * n + j] s[k].
Block Times(const Block& s, const std::vector<double>& c) {
  const size_t n = s.size();
  Block out(n, std::vector<double>(s[0].size(), 0.0));
  for (size_t j = 0; j < n; ++j) {
    for (size_t k = 0; k < n; ++k) {
      AddScaled(out[j], c[k * n + j], s[k]);
    }
  }
  return out;
}

// Classical Gram-Schmidt, twice: the Q of s's QR decomposition with a positive diagonal.
Block GramSchmidt(Block s) {
  for (size_t j = 0; j < s.size(); ++j) {
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t i = 0; i < j; ++i) {
        AddScaled(s[j], -Dot(s[i], s[j]), s[i]);
      }
    }
    const double norm = std::sqrt(Dot(s[j], s[j]));
    for (double& x : s[j]) {
      x /= norm;
    }
  }
  return s;
}

std::vector<double> GramOf(const Block& s) {
  std::vector<double> g, unused;
  GramMatrices(s, s, g, unused, 1);
  return g;
}

TEST(InverseCholeskyFactor, InvertsTheFactorOfAPositiveDefiniteMatrix) {
  // g = r^T r for r = [[2, 1, -1], [0, 3, 0.5], [0, 0, 0.25]].
  const std::vector<double> r = {2, 1, -1, 0, 3, 0.5, 0, 0, 0.25};
  std::vector<double> g(9, 0.0);
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      for (int k = 0; k < 3; ++k) {
        g[i * 3 + j] += r[k * 3 + i] * r[k * 3 + j];
      }
    }
  }
  const auto inverse = InverseCholeskyFactor(g, 3, 1e-7);
  ASSERT_TRUE(inverse.has_value());
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      double product = 0;  // (r r^-1)_ij
      for (int k = 0; k < 3; ++k) {
        product += r[i * 3 + k] * (*inverse)[k * 3 + j];
      }
      EXPECT_NEAR(product, i == j ? 1.0 : 0.0, 1e-14) << i << "," << j;
      if (i > j) {
        EXPECT_EQ((*inverse)[i * 3 + j], 0.0);
      }
    }
  }
}

TEST(InverseCholeskyFactor, RefusesSingularIndefiniteAndIllConditionedMatrices) {
  EXPECT_FALSE(InverseCholeskyFactor({1, 1, 1, 1}, 2, 1e-7).has_value());  // singular
  EXPECT_FALSE(InverseCholeskyFactor({1, 2, 2, 1}, 2, 1e-7).has_value());  // indefinite
  EXPECT_FALSE(InverseCholeskyFactor({0, 0, 0, 1}, 2, 1e-7).has_value());  // a zero column
  // Two unit columns at an angle whose sine is ~3e-8 (refused) and 1e-6 (kept); the scale of a
  // column alone does not matter.
  EXPECT_FALSE(InverseCholeskyFactor({1, 1, 1, 1 + 1e-15}, 2, 1e-7).has_value());
  EXPECT_TRUE(InverseCholeskyFactor({1, 1, 1, 1 + 1e-12}, 2, 1e-7).has_value());
  EXPECT_TRUE(InverseCholeskyFactor({1, 0, 0, 1e-16}, 2, 1e-7).has_value());
}

TEST(OrthonormalCombination, GivesTheQOfTheCombinationsQrDecomposition) {
  std::mt19937_64 random(11);
  for (const int n : {2, 4, 6}) {
    const Block s = RandomBlock(n, 3001, random);
    const std::vector<double> c = RandomValues(n * n, random);
    const Block expected = GramSchmidt(Times(s, c));
    for (const int threads : {1, 2}) {
      const std::optional<Block> q = OrthonormalCombination(s, GramOf(s), c, threads);
      ASSERT_TRUE(q.has_value()) << n;
      ASSERT_EQ(q->size(), static_cast<size_t>(n));
      for (int i = 0; i < n; ++i) {
        for (size_t x = 0; x < s[0].size(); ++x) {
          ASSERT_NEAR((*q)[i][x], expected[i][x], 1e-12) << n << " " << i << " " << x;
        }
        for (int j = 0; j < n; ++j) {
          EXPECT_NEAR(Dot((*q)[i], (*q)[j]), i == j ? 1.0 : 0.0, 1e-14) << n;
        }
      }
    }
  }
}

TEST(OrthonormalCombination, KeepsZerosWhereTheVectorsAreZero) {
  std::mt19937_64 random(12);
  Block s = RandomBlock(4, 500, random);
  for (auto& v : s) {
    v[7] = v[300] = 0;
  }
  const std::optional<Block> q = OrthonormalCombination(s, GramOf(s), RandomValues(16, random), 1);
  ASSERT_TRUE(q.has_value());
  for (const auto& v : *q) {
    EXPECT_EQ(v[7], 0.0);
    EXPECT_EQ(v[300], 0.0);
  }
}

TEST(OrthonormalCombination, ReturnsNothingForAlmostDependentCombinations) {
  std::mt19937_64 random(13);
  Block s = RandomBlock(4, 800, random);
  // The fourth combination is the first plus 1e-9 of a fresh direction: condition ~1e9.
  std::vector<double> c(16, 0.0);
  for (int i = 0; i < 4; ++i) {
    c[i * 4 + i] = 1;
  }
  c[0 * 4 + 3] = 1;
  c[3 * 4 + 3] = 1e-9;
  EXPECT_FALSE(OrthonormalCombination(s, GramOf(s), c, 1).has_value());
  c[3 * 4 + 3] = 1e-3;  // condition ~1e3: fine
  EXPECT_TRUE(OrthonormalCombination(s, GramOf(s), c, 1).has_value());
}

}  // namespace
}  // namespace plenary::opinion
