#include "engines/opinion/dense_block.h"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace plenary::opinion
