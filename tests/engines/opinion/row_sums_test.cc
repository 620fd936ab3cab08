#include "engines/opinion/row_sums.h"

#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::opinion {
namespace {

// Rows x stride random products per block, `vectors` lanes used.
std::vector<double> RandomSums(size_t rows, int stride, int vectors, std::mt19937_64& random) {
  std::normal_distribution<double> normal;
  std::vector<double> sums(rows * stride, 0.0);
  for (size_t i = 0; i < rows; ++i) {
    for (int j = 0; j < vectors; ++j) {
      sums[i * stride + j] = normal(random);
    }
  }
  return sums;
}

// The direct sums, k in order from `from`.
std::vector<double> Expected(const std::vector<std::vector<double>>& sums,
                             const std::vector<int>& vectors, size_t rows, int stride,
                             const std::vector<double>& f, int n, int from) {
  std::vector<double> out(rows * stride, 0.0);
  for (size_t i = 0; i < rows; ++i) {
    for (int l = 0; l < n; ++l) {
      double acc = 0;
      int k = 0;
      for (size_t p = 0; p < sums.size(); ++p) {
        for (int j = 0; j < vectors[p]; ++j, ++k) {
          if (k >= from) {
            acc += sums[p][i * stride + j] * f[k * n + l];
          }
        }
      }
      out[i * stride + l] = acc;
    }
  }
  return out;
}

TEST(CombineRowSums, CombinesWholeBlocksOfFourWithTheirTail) {
  std::mt19937_64 random(3);
  std::normal_distribution<double> normal;
  const size_t rows = 40'000;  // several tasks
  for (const int parts : {1, 2, 3}) {
    std::vector<std::vector<double>> sums;
    std::vector<RowBlock> blocks;
    std::vector<int> vectors;
    for (int p = 0; p < parts; ++p) {
      sums.push_back(RandomSums(rows, 4, 4, random));
    }
    for (int p = 0; p < parts; ++p) {
      blocks.push_back({sums[p].data(), 4});
      vectors.push_back(4);
    }
    for (const int n : {2, 4}) {
      std::vector<double> f(4 * parts * n);
      for (double& x : f) {
        x = normal(random);
      }
      std::vector<double> out, tail;
      CombineRowSums(blocks, rows, 4, f, n, 4, 2, out, parts > 1 ? &tail : nullptr);
      const std::vector<double> all = Expected(sums, vectors, rows, 4, f, n, 0);
      for (size_t i = 0; i < out.size(); ++i) {
        EXPECT_NEAR(out[i], all[i], 1e-12) << parts << " " << n << " " << i;
      }
      if (parts > 1) {
        const std::vector<double> rest = Expected(sums, vectors, rows, 4, f, n, 4);
        for (size_t i = 0; i < tail.size(); ++i) {
          EXPECT_NEAR(tail[i], rest[i], 1e-12) << parts << " " << n << " " << i;
        }
      }
      // Fixed row ranges: the same bits on one thread.
      std::vector<double> one, one_tail;
      CombineRowSums(blocks, rows, 4, f, n, 4, 1, one, parts > 1 ? &one_tail : nullptr);
      EXPECT_EQ(one, out);
      EXPECT_EQ(one_tail, tail);
    }
  }
}

TEST(CombineRowSums, CombinesWiderAndPartialBlocks) {
  std::mt19937_64 random(5);
  std::normal_distribution<double> normal;
  const size_t rows = 300;
  // Blocks of 6 vectors in rows of 8 (PcaOptions::block 6), the last one partial.
  std::vector<std::vector<double>> sums{RandomSums(rows, 8, 6, random),
                                        RandomSums(rows, 8, 6, random),
                                        RandomSums(rows, 8, 3, random)};
  const std::vector<int> vectors{6, 6, 3};
  std::vector<RowBlock> blocks;
  for (size_t p = 0; p < sums.size(); ++p) {
    blocks.push_back({sums[p].data(), vectors[p]});
  }
  const int n = 6;
  std::vector<double> f(15 * n);
  for (double& x : f) {
    x = normal(random);
  }
  std::vector<double> out, tail;
  CombineRowSums(blocks, rows, 8, f, n, 6, 2, out, &tail);
  const std::vector<double> all = Expected(sums, vectors, rows, 8, f, n, 0);
  const std::vector<double> rest = Expected(sums, vectors, rows, 8, f, n, 6);
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_NEAR(out[i], all[i], 1e-12);
    EXPECT_NEAR(tail[i], rest[i], 1e-12);
  }
}

}  // namespace
}  // namespace plenary::opinion
