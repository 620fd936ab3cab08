#include "engines/opinion/gram_by_value.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "engines/opinion/gram_rows_avx2.h"
#include "engines/opinion/pca.h"
#include "planted.h"

namespace plenary::opinion {
namespace {

// A planted conversation's matrix, a batch beside it in an overlay (new cells and changed votes),
// the centring entries of a random block, and the moderated-out flags.
struct Batch {
  VoteMatrix m;
  VoteOverlay overlay;
  std::vector<float> entries;
  std::vector<uint8_t> mod_out;
};

Batch MakeBatch() {
  constexpr int kRows = 700, kCols = 61;
  const testing::Planted planted = testing::MakePlanted(kRows, kCols, 3, 0.55, 0.75, 41);
  VoteLog log;
  for (const auto& v : planted.votes) {
    log.Add(static_cast<uint32_t>(v.participant), static_cast<uint32_t>(v.comment),
            static_cast<int8_t>(v.vote));
  }
  Batch s;
  ColumnTotals totals;
  s.m = MergeVotes({}, log, kRows, kCols, totals);
  std::mt19937_64 random(7);
  VoteLog batch;
  for (int i = 0; i < 900; ++i) {
    batch.Add(static_cast<uint32_t>(random() % kRows), static_cast<uint32_t>(random() % kCols),
              static_cast<int8_t>(static_cast<int>(random() % 3) - 1));
  }
  AddToOverlay(s.m, s.overlay, batch, kRows, kCols, totals);
  s.mod_out.assign(kCols, 0);
  s.mod_out[5] = s.mod_out[17] = 1;
  const std::vector<double> mu = ColumnMeans(totals, s.mod_out);
  std::uniform_real_distribution<double> unit(-1, 1);
  Block w(4, std::vector<double>(kCols));
  for (auto& v : w) {
    for (double& x : v) {
      x = unit(random);
    }
  }
  s.entries = CentringEntries(mu, w);
  return s;
}

// The order the by-value pass promises: per (column, value) the rows' sums rounded to float,
// added in row order; the overlay cells' fused products in row order; then the fold.
std::vector<float> ReferenceOut(const Batch& s, const std::vector<double>& row_sums) {
  const size_t cols = s.entries.size() / 8;
  std::vector<float> by_value(12 * cols, 0.0f), out(4 * cols, 0.0f);
  for (int32_t r = 0; r < s.m.rows; ++r) {
    for (uint64_t k = s.m.row_start[r]; k < s.m.row_start[r + 1]; ++k) {
      for (int j = 0; j < 4; ++j) {
        by_value[12 * s.m.col[k] + 4 * (s.m.value[k] + 1) + j] +=
            static_cast<float>(row_sums[4 * r + j]);
      }
    }
    for (uint32_t i = s.overlay.row_start[r]; i < s.overlay.row_start[r + 1]; ++i) {
      const float* e = s.entries.data() + 8 * s.overlay.col[i];
      float delta = e[5 + s.overlay.value[i]];
      if (s.overlay.base[i] != CellChange::kAbsent) {
        delta -= e[5 + s.overlay.base[i]];
      }
      for (int j = 0; j < 4; ++j) {
        float& at = out[4 * s.overlay.col[i] + j];
        at = std::fmaf(static_cast<float>(row_sums[4 * r + j]), delta, at);
      }
    }
  }
  for (size_t c = 0; c < cols; ++c) {
    for (int v = 0; v < 3; ++v) {
      for (int j = 0; j < 4; ++j) {
        out[4 * c + j] =
            std::fmaf(s.entries[8 * c + 4 + v], by_value[12 * c + 4 * v + j], out[4 * c + j]);
      }
    }
  }
  return out;
}

// The row sums and moderated counts are the entries pass's bit for bit (the tabled products are
// exact), and the columns' sums are the same sums in the promised order.
TEST(MultiplyRowsByValueAvx2, KeepsTheRowSumsAndSumsByValue) {
  if (!HasAvx2Fma()) {
    GTEST_SKIP() << "no AVX2/FMA";
  }
  const Batch s = MakeBatch();
  ASSERT_GT(s.overlay.size(), 0u);
  const size_t cols = s.entries.size() / 8;
  const size_t rows = s.m.rows;
  std::vector<float> plain_out(4 * cols, 0.0f), float_buffer;
  std::vector<double> plain_sums(4 * rows);
  std::vector<int32_t> plain_moderated(rows);
  MultiplyRowsAvx2(s.m, &s.overlay, 0, s.m.rows, nullptr, s.entries.data(), plain_out.data(),
                   nullptr, false, plain_sums.data(), s.mod_out.data(), plain_moderated.data(),
                   float_buffer);

  const std::vector<double> products = ValueProducts(s.entries);
  // Two row ranges into one set of sums: a split changes nothing.
  std::vector<float> by_value(12 * cols, 0.0f), out(4 * cols, 0.0f);
  std::vector<double> row_sums(4 * rows);
  std::vector<int32_t> moderated(rows);
  std::vector<uint32_t> buffer;
  MultiplyRowsByValueAvx2(s.m, &s.overlay, 0, 333, products.data(), s.entries.data(),
                          by_value.data(), out.data(), row_sums.data(), s.mod_out.data(),
                          moderated.data(), buffer);
  MultiplyRowsByValueAvx2(s.m, &s.overlay, 333, s.m.rows, products.data(), s.entries.data(),
                          by_value.data(), out.data(), row_sums.data(), s.mod_out.data(),
                          moderated.data(), buffer);
  FoldValueSums(s.entries, by_value.data(), out.data());

  EXPECT_EQ(row_sums, plain_sums);
  EXPECT_EQ(moderated, plain_moderated);
  EXPECT_EQ(out, ReferenceOut(s, row_sums));
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_NEAR(out[i], plain_out[i], 1e-5 * (1 + std::abs(plain_out[i]))) << i;
  }
}

TEST(ValueProducts, AreTheEntriesExactProducts) {
  const Batch s = MakeBatch();
  const std::vector<double> products = ValueProducts(s.entries);
  ASSERT_EQ(products.size(), 12 * (s.entries.size() / 8));
  for (size_t c = 0; c < s.entries.size() / 8; ++c) {
    for (int v = 0; v < 3; ++v) {
      for (int j = 0; j < 4; ++j) {
        const double w = s.entries[8 * c + j], x = s.entries[8 * c + 4 + v];
        EXPECT_EQ(products[12 * c + 4 * v + j], std::fma(w, x, 0.0));
      }
    }
  }
}

}  // namespace
}  // namespace plenary::opinion
