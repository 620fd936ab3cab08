#include "engines/opinion/gram_by_value_avx2.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "engines/opinion/pca.h"
#include "planted.h"

namespace plenary::opinion {
namespace {

// The products table holds each column's centred vote times the block, per value, and zeros in
// the unused slot and past the block.
TEST(ValueProducts, HoldsEachValuesProducts) {
  const std::vector<double> center = {0.25, -0.5};
  const Block w = {{1.0, 2.0}, {-3.0, 0.5}, {0.0, 4.0}};  // three vectors
  const std::vector<float> products = ValueProducts(center, w);
  ASSERT_EQ(products.size(), 2u * kByValueStride);
  for (size_t c = 0; c < 2; ++c) {
    for (int v = -1; v <= 1; ++v) {
      for (int j = 0; j < 4; ++j) {
        const double want = j < 3 ? (v - center[c]) * w[j][c] : 0.0;
        EXPECT_EQ(products[kByValueStride * c + 4 * (v + 1) + j], static_cast<float>(want));
      }
    }
    for (int j = 0; j < 4; ++j) {
      EXPECT_EQ(products[kByValueStride * c + 12 + j], 0.0f);
    }
  }
}

// The kernel's row sums are the centred votes' products with the block, its sums by column and
// value those row sums added over the rows with that vote, and its counts the moderated votes.
TEST(MultiplyRowsByValueAvx2, MatchesAPlainComputation) {
  if (!HasAvx2Fma()) {
    GTEST_SKIP() << "no AVX2/FMA";
  }
  constexpr int32_t kRows = 1500;
  constexpr size_t kCols = 90;
  const testing::Planted planted = testing::MakePlanted(kRows, kCols, 3, 0.5, 0.8, 17);
  ColumnTotals totals;
  const VoteMatrix m = MergeVotes({}, testing::PlantedLog(planted), kRows, kCols, totals);
  std::vector<uint8_t> mod_out(kCols, 0);  // only counted: every seventh column
  for (size_t c = 0; c < kCols; c += 7) {
    mod_out[c] = 1;
  }
  const std::vector<double> mu = ColumnMeans(totals, std::vector<uint8_t>(kCols, 0));
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> unit(-1, 1);
  Block w(4, std::vector<double>(kCols));
  for (auto& v : w) {
    for (double& x : v) {
      x = unit(random);
    }
  }
  const std::vector<float> products = ValueProducts(mu, w);
  std::vector<float> out(kByValueStride * kCols, 0.0f);
  std::vector<double> row_sums(4 * static_cast<size_t>(kRows));
  std::vector<int32_t> moderated(kRows, -1);
  std::vector<uint32_t> buffer;
  MultiplyRowsByValueAvx2(m, nullptr, 0, kRows, products.data(), out.data(), row_sums.data(),
                          mod_out.data(), moderated.data(), ModeratedCount::kAll, buffer);
  std::vector<double> expected(kByValueStride * kCols, 0.0);
  for (int32_t r = 0; r < kRows; ++r) {
    double s[4] = {};
    int32_t count = 0;
    for (uint64_t k = m.row_start[r]; k < m.row_start[r + 1]; ++k) {
      const uint32_t c = m.col[k];
      count += mod_out[c];
      for (int j = 0; j < 4; ++j) {
        s[j] += (m.value[k] - mu[c]) * w[j][c];
      }
    }
    EXPECT_EQ(moderated[r], count);
    for (int j = 0; j < 4; ++j) {
      EXPECT_NEAR(row_sums[4 * r + j], s[j], 1e-6 * (1 + std::abs(s[j])));
    }
    for (uint64_t k = m.row_start[r]; k < m.row_start[r + 1]; ++k) {
      for (int j = 0; j < 4; ++j) {
        expected[kByValueStride * m.col[k] + 4 * (m.value[k] + 1) + j] += s[j];
      }
    }
  }
  double largest = 0;
  for (const double e : expected) {
    largest = std::max(largest, std::abs(e));
  }
  ASSERT_GT(largest, 0);
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_NEAR(out[i], expected[i], 1e-5 * largest) << i;
  }
  // Without row sums or counts: the same sums, and the counts untouched.
  std::vector<float> again(kByValueStride * kCols, 0.0f);
  std::vector<int32_t> untouched(kRows, -1);
  MultiplyRowsByValueAvx2(m, nullptr, 0, kRows, products.data(), again.data(), nullptr,
                          mod_out.data(), untouched.data(), ModeratedCount::kNone, buffer);
  EXPECT_EQ(again, out);
  EXPECT_EQ(untouched, std::vector<int32_t>(kRows, -1));
}

}  // namespace
}  // namespace plenary::opinion
