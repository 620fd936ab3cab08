#include "engines/opinion/gram_rows_avx2.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "engines/opinion/pca.h"
#include "planted.h"

namespace plenary::opinion {
namespace {

// The kernel's sums in the order it promises, one fused multiply-add at a time: per row, the
// even and odd votes in two chains (double), added; then each vote's column gets x times the
// row's sums rounded to float, in vote order (float). Any change of that order shows in the bits.
struct Reference {
  std::vector<float> out;
  std::vector<double> row_sums;
};

Reference ReferenceProduct(const VoteMatrix& m, const std::vector<float>& x,
                           const std::vector<float>& table) {
  Reference ref{std::vector<float>(table.size(), 0.0f),
                std::vector<double>(4 * static_cast<size_t>(m.rows))};
  for (int32_t r = 0; r < m.rows; ++r) {
    double chains[2][4] = {};
    for (uint64_t k = m.row_start[r]; k < m.row_start[r + 1]; ++k) {
      double* chain = chains[(k - m.row_start[r]) % 2];
      for (int j = 0; j < 4; ++j) {
        chain[j] = std::fma(static_cast<double>(table[4 * m.col[k] + j]), static_cast<double>(x[k]),
                            chain[j]);
      }
    }
    for (int j = 0; j < 4; ++j) {
      ref.row_sums[4 * r + j] = chains[0][j] + chains[1][j];
    }
    for (uint64_t k = m.row_start[r]; k < m.row_start[r + 1]; ++k) {
      for (int j = 0; j < 4; ++j) {
        float& at = ref.out[4 * m.col[k] + j];
        at = std::fmaf(static_cast<float>(ref.row_sums[4 * r + j]), x[k], at);
      }
    }
  }
  return ref;
}

// The kernel gives the reference's bits, on rows of odd and even lengths, with and without
// counting the moderated votes.
TEST(MultiplyRowsAvx2, IsTheReferenceOrderBitForBit) {
  if (!HasAvx2Fma()) {
    GTEST_SKIP() << "no AVX2/FMA";
  }
  const testing::Planted planted = testing::MakePlanted(700, 61, 3, 0.55, 0.75, 41);
  const VoteLog log = testing::PlantedLog(planted);
  ColumnTotals totals;
  const VoteMatrix m = MergeVotes({}, log, 700, 61, totals);
  const std::vector<double> mu = ColumnMeans(totals, std::vector<uint8_t>(61, 0));
  std::mt19937_64 random(3);
  std::uniform_real_distribution<double> unit(-1, 1);
  Block w(4, std::vector<double>(61));
  std::vector<float> table(4 * 61);
  for (size_t c = 0; c < 61; ++c) {
    for (int j = 0; j < 4; ++j) {
      w[j][c] = unit(random);
      table[4 * c + j] = static_cast<float>(w[j][c]);
    }
  }
  const std::vector<float> entries = CentringEntries(mu, w);
  std::vector<float> x(m.nnz()), buffer;
  for (size_t k = 0; k < m.nnz(); ++k) {
    x[k] = static_cast<float>(m.value[k] - mu[m.col[k]]);
  }
  const Reference ref = ReferenceProduct(m, x, table);
  bool odd = false, even = false;
  for (int32_t r = 0; r < m.rows; ++r) {
    (m.RowLength(r) % 2 ? odd : even) = true;
  }
  ASSERT_TRUE(odd && even);
  const std::vector<uint8_t> mod_out(61, 0);
  for (const bool count : {false, true}) {
    std::vector<float> out(4 * 61, 0.0f);
    std::vector<double> row_sums(4 * static_cast<size_t>(m.rows));
    std::vector<int32_t> moderated(m.rows, -1);
    MultiplyRowsAvx2(m, nullptr, 0, m.rows, entries.data(), out.data(), row_sums.data(),
                     mod_out.data(), moderated.data(),
                     count ? ModeratedCount::kAll : ModeratedCount::kNone, buffer);
    EXPECT_EQ(row_sums, ref.row_sums) << "count " << count;
    EXPECT_EQ(out, ref.out) << "count " << count;
    EXPECT_EQ(moderated, std::vector<int32_t>(m.rows, count ? 0 : -1));
  }
}

}  // namespace
}  // namespace plenary::opinion
