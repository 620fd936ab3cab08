#include "engines/opinion/dense_block.h"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "random_block.h"

namespace plenary::opinion {
namespace {

// A v_j = lambda_j v_j, the v_j orthonormal, the lambda_j in decreasing order, on random
// symmetric matrices of the sizes the PCA uses (up to 3 blocks of 8), with a wide spread of
// scales (Gram matrices of nearly dependent vectors), and on matrices with repeated eigenvalues.
void ExpectDecomposition(const std::vector<double>& a, int n) {
  std::vector<double> v;
  const std::vector<double> lambda = SymmetricEigen(a, n, v);
  ASSERT_EQ(lambda.size(), static_cast<size_t>(n));
  double scale = 0;
  for (const double x : a) {
    scale = std::max(scale, std::abs(x));
  }
  for (int j = 0; j < n; ++j) {
    if (j > 0) {
      EXPECT_GE(lambda[j - 1], lambda[j]);
    }
    for (int i = 0; i < n; ++i) {
      double av = 0;
      for (int k = 0; k < n; ++k) {
        av += a[i * n + k] * v[k * n + j];
      }
      EXPECT_NEAR(av, lambda[j] * v[i * n + j], 1e-12 * (scale + 1e-300)) << n << " " << j;
    }
    for (int l = 0; l <= j; ++l) {
      double dot = 0;
      for (int k = 0; k < n; ++k) {
        dot += v[k * n + j] * v[k * n + l];
      }
      EXPECT_NEAR(dot, l == j ? 1.0 : 0.0, 1e-12);
    }
  }
}

TEST(SymmetricEigen, DecomposesRandomSymmetricMatrices) {
  std::mt19937_64 random(9);
  std::normal_distribution<double> normal;
  for (int n = 1; n <= 24; ++n) {
    for (int trial = 0; trial < 5; ++trial) {
      // B^T B with columns of very different lengths: eigenvalues over many orders of magnitude.
      std::vector<double> b(n * n), a(n * n, 0.0);
      for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
          b[i * n + j] = normal(random) * std::pow(10.0, -(j % 6));
        }
      }
      for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
          for (int k = 0; k < n; ++k) {
            a[i * n + j] += b[k * n + i] * b[k * n + j];
          }
        }
      }
      ExpectDecomposition(a, n);
    }
  }
}

TEST(SymmetricEigen, HandlesRepeatedEigenvaluesAndDiagonalMatrices) {
  std::vector<double> identity(16, 0.0);
  for (int i = 0; i < 4; ++i) {
    identity[i * 4 + i] = 1;
  }
  ExpectDecomposition(identity, 4);
  // 2 I + u u^T: eigenvalue 2 three times, 2 + |u|^2 once.
  const double u[4] = {1, 2, -1, 0.5};
  std::vector<double> a(16);
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      a[i * 4 + j] = (i == j ? 2 : 0) + u[i] * u[j];
    }
  }
  ExpectDecomposition(a, 4);
  std::vector<double> v;
  const std::vector<double> lambda = SymmetricEigen(a, 4, v);
  EXPECT_NEAR(lambda[0], 2 + 1 + 4 + 1 + 0.25, 1e-13);
  EXPECT_NEAR(lambda[3], 2, 1e-13);
}

TEST(GramMatrices, MatchesDirectDotProducts) {
  std::mt19937_64 random(21);
  for (const int k : {1, 4, 7, 12, 24}) {
    for (const size_t cols : {size_t{5}, size_t{1000}, size_t{7777}}) {
      const Block s = RandomBlock(k, cols, random), as = RandomBlock(k, cols, random);
      std::vector<double> g, h, g1, h1;
      GramMatrices(s, as, g, h, 2);
      GramMatrices(s, as, g1, h1, 1);
      EXPECT_EQ(g, g1);  // fixed column ranges: the thread count changes nothing
      EXPECT_EQ(h, h1);
      for (int i = 0; i < k; ++i) {
        for (int j = 0; j < k; ++j) {
          double dg = 0, dh = 0;
          for (size_t c = 0; c < cols; ++c) {
            dg += s[i][c] * s[j][c];
            dh += s[std::min(i, j)][c] * as[std::max(i, j)][c];  // the upper triangle's
          }
          EXPECT_NEAR(g[i * k + j], dg, 1e-9) << k << " " << cols;
          EXPECT_NEAR(h[i * k + j], dh, 1e-9) << k << " " << cols;
        }
      }
    }
  }
}

TEST(Combine, WithTailGivesTheTailAndTheHeadPlusTheTail) {
  std::mt19937_64 random(22);
  for (const int n : {2, 4, 6}) {
    for (const size_t cols : {size_t{3}, size_t{1001}, size_t{7800}}) {
      const int k = 3 * n;
      const Block s = RandomBlock(k, cols, random);
      const std::vector<double> v = RandomValues(k * n, random);
      Block tail;
      const Block all = CombineWithTail(s, v, n, n, n, 2, tail);
      EXPECT_EQ(tail, Combine(s, v, n, n, n, 1));
      // The whole sum is the first n vectors' plus the tail, bit for bit.
      const Block first(s.begin(), s.begin() + n);
      const Block head =
          Combine(first, std::vector<double>(v.begin(), v.begin() + n * n), n, n, 0, 1);
      for (int j = 0; j < n; ++j) {
        for (size_t c = 0; c < cols; ++c) {
          ASSERT_EQ(all[j][c], head[j][c] + tail[j][c]) << n << " " << j << " " << c;
        }
      }
      for (int j = 0; j < n; ++j) {
        for (size_t c = 0; c < cols; c += 97) {
          double direct = 0;
          for (int l = 0; l < k; ++l) {
            direct += v[l * n + j] * s[l][c];
          }
          EXPECT_NEAR(all[j][c], direct, 1e-12);
        }
      }
    }
  }
}

// Results written into spare vectors (holding other values, of other lengths) are those written
// into fresh ones, bit for bit; an empty combination still gives zeros.
TEST(Combine, IntoSpareVectorsGivesTheSameBits) {
  std::mt19937_64 random(13);
  std::normal_distribution<double> normal;
  const size_t cols = 1500;
  Block s(12, std::vector<double>(cols));
  for (auto& v : s) {
    for (double& x : v) {
      x = normal(random);
    }
  }
  std::vector<double> v(12 * 4);
  for (double& x : v) {
    x = normal(random);
  }
  SpareVectors spare;
  for (int i = 0; i < 20; ++i) {
    spare.emplace_back(cols + (i % 3) * 7 - 7, 1e300);  // shorter, as long and longer
  }
  Block tail, spare_tail;
  const Block fresh = CombineWithTail(s, v, 4, 4, 4, 2, tail);
  EXPECT_EQ(CombineWithTail(s, v, 4, 4, 4, 2, spare_tail, &spare), fresh);
  EXPECT_EQ(spare_tail, tail);
  EXPECT_EQ(Combine(s, v, 4, 4, 0, 1, &spare), Combine(s, v, 4, 4, 0, 1));
  EXPECT_EQ(spare.size(), 8u);
  const Block none = Combine(s, v, 4, 4, s.size(), 1, &spare);  // no vectors to combine
  EXPECT_EQ(none, Block(4, std::vector<double>(cols, 0.0)));
  EXPECT_EQ(TakeVectors(nullptr, 2, 3), Block(2, std::vector<double>(3, 0.0)));
}

// Up to 4 outputs, CombineRange may write over its inputs: the results are those written
// elsewhere, bit for bit, column counts that are not a multiple of 4 included.
TEST(CombineRange, WritesOverItsInputsAsIntoOtherVectors) {
  std::mt19937_64 random(5);
  for (const int n : {1, 3, 4}) {
    const int k = 3 * n;
    const size_t cols = 1003;
    const Block s = RandomBlock(k, cols, random);
    const std::vector<double> v = RandomValues(k * n, random);
    Block tail;
    const Block all = CombineWithTail(s, v, n, n, n, 1, tail);
    Block in_place = s;
    std::vector<const double*> in;
    for (const auto& vector : in_place) {
      in.push_back(vector.data());
    }
    // The outputs over the first n inputs, the tail over the next n.
    std::vector<double*> out, out_tail;
    for (int j = 0; j < n; ++j) {
      out.push_back(in_place[j].data());
      out_tail.push_back(in_place[n + j].data());
    }
    std::vector<double> scratch;
    CombineRange(in, v, n, n, n, 0, 501, out, &out_tail, scratch);
    CombineRange(in, v, n, n, n, 501, cols, out, &out_tail, scratch);
    for (int j = 0; j < n; ++j) {
      EXPECT_EQ(in_place[j], all[j]) << n << " " << j;
      EXPECT_EQ(in_place[n + j], tail[j]) << n << " " << j;
    }
  }
}

}  // namespace
}  // namespace plenary::opinion
