#include "engines/opinion/gram_columns.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "engines/opinion/gram_product.h"
#include "engines/opinion/pca.h"
#include "planted.h"

namespace plenary::opinion {
namespace {

struct Votes {
  VoteMatrix matrix;
  ColumnTotals totals;
  std::vector<uint8_t> mod_out;
  Block w;
};

// A planted matrix of 8 row blocks, every seventh column moderated out, and 4 random vectors
// (zero in those columns, as the PCA's are).
Votes MakeVotes(int rows, int cols, uint64_t seed) {
  Votes v;
  v.matrix =
      MergeVotes({}, testing::PlantedLog(testing::MakePlanted(rows, cols, 3, 0.5, 0.8, seed)), rows,
                 cols, v.totals);
  v.mod_out.assign(cols, 0);
  for (int c = 0; c < cols; c += 7) {
    v.mod_out[c] = 1;
  }
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(-1, 1);
  v.w.assign(4, std::vector<double>(cols));
  for (auto& vector : v.w) {
    for (int c = 0; c < cols; ++c) {
      vector[c] = v.mod_out[c] ? 0 : unit(random);
    }
  }
  return v;
}

double Largest(const Block& block) {
  double largest = 0;
  for (const auto& v : block) {
    for (const double x : v) {
      largest = std::max(largest, std::abs(x));
    }
  }
  return largest;
}

void ExpectClose(const Block& got, const Block& want, double tolerance) {
  ASSERT_EQ(got.size(), want.size());
  const double largest = Largest(want);
  ASSERT_GT(largest, 0);
  for (size_t j = 0; j < want.size(); ++j) {
    for (size_t c = 0; c < want[j].size(); ++c) {
      ASSERT_NEAR(got[j][c], want[j][c], tolerance * largest) << j << ", " << c;
    }
  }
}

// The product by columns is the double-precision product to single precision's accuracy, with the
// same row sums and moderated votes as the row kernel, and the same bits on one thread or two.
TEST(MultiplyByColumns, IsTheGramProduct) {
  const Votes v = MakeVotes(2500, 170, 11);
  ASSERT_GE(v.matrix.nnz(), 200'000u);
  const std::vector<double> mu = ColumnMeans(v.totals, v.mod_out);
  ColumnVotes columns;
  BuildColumnVotes(v.matrix, 2, columns);
  GramScratch by_columns, by_rows, precise;
  by_columns.columns = &columns;
  by_rows.by_value = false;
  RowSums rows_two, rows_one, rows_plain;
  const Block two =
      GramProduct(v.matrix, mu, v.w, v.mod_out, 2, by_columns, true, &rows_two, nullptr);
  const Block one =
      GramProduct(v.matrix, mu, v.w, v.mod_out, 1, by_columns, true, &rows_one, nullptr);
  const Block plain = GramProduct(v.matrix, mu, v.w, v.mod_out, 2, by_rows, true, &rows_plain);
  const Block exact = GramProduct(v.matrix, mu, v.w, v.mod_out, 2, precise, false);
  EXPECT_EQ(two, one);
  EXPECT_EQ(rows_two.sums, rows_one.sums);
  ExpectClose(two, exact, 1e-6);
  ExpectClose(plain, exact, 1e-6);
  for (size_t j = 0; j < 4; ++j) {
    EXPECT_EQ(two[j][7], 0.0);  // moderated out
  }
  ASSERT_EQ(rows_two.sums.size(), rows_plain.sums.size());
  for (size_t i = 0; i < rows_plain.sums.size(); ++i) {
    ASSERT_NEAR(rows_two.sums[i], rows_plain.sums[i], 1e-5 * (1 + std::abs(rows_plain.sums[i])))
        << i;
  }
  EXPECT_EQ(rows_two.moderated, rows_plain.moderated);
  int32_t counted = 0;
  for (const int32_t n : rows_two.moderated) {
    counted += n;
  }
  EXPECT_GT(counted, 0);
}

// With an overlay (changed votes, votes on new rows and columns, votes that join the matrix's),
// the product is the merged matrix's, and the rows count their added moderated votes.
TEST(MultiplyByColumns, ReadsAnOverlayAsTheMergedVotes) {
  Votes v = MakeVotes(2500, 170, 13);
  ColumnVotes columns;
  BuildColumnVotes(v.matrix, 2, columns);
  std::mt19937_64 random(4);
  VoteLog batch;
  for (int i = 0; i < 3000; ++i) {
    batch.Add(static_cast<uint32_t>(random() % 2520), static_cast<uint32_t>(random() % 175),
              static_cast<int8_t>(static_cast<int>(random() % 3) - 1));
  }
  VoteMatrix merged = v.matrix;
  ColumnTotals merged_totals = v.totals;
  merged = MergeVotes(merged, batch, 2520, 175, merged_totals);
  VoteOverlay overlay;
  AddToOverlay(v.matrix, overlay, batch, 2520, 175, v.totals);
  ASSERT_TRUE(v.totals == merged_totals);
  ASSERT_TRUE(columns.Describes(v.matrix));
  v.mod_out.resize(175, 1);  // the new columns moderated out, counted
  for (auto& vector : v.w) {
    vector.resize(175, 0.0);
  }
  const std::vector<double> mu = ColumnMeans(v.totals, v.mod_out);
  GramScratch by_columns, by_rows, precise;
  by_columns.columns = &columns;
  by_rows.by_value = false;
  RowSums rows_columns, rows_rows;
  rows_columns.moderated_count = rows_rows.moderated_count = ModeratedCount::kAddOverlay;
  rows_columns.moderated.assign(2520, 100);
  rows_rows.moderated.assign(2520, 100);
  const Block got =
      GramProduct(v.matrix, mu, v.w, v.mod_out, 2, by_columns, true, &rows_columns, &overlay);
  const Block again =
      GramProduct(v.matrix, mu, v.w, v.mod_out, 1, by_columns, true, nullptr, &overlay);
  GramProduct(v.matrix, mu, v.w, v.mod_out, 2, by_rows, true, &rows_rows, &overlay);
  const Block exact = GramProduct(merged, mu, v.w, v.mod_out, 2, precise, false);
  EXPECT_EQ(got, again);
  ExpectClose(got, exact, 1e-6);
  EXPECT_EQ(rows_columns.moderated, rows_rows.moderated);
  int32_t added = 0;
  for (const int32_t n : rows_columns.moderated) {
    added += n - 100;
  }
  EXPECT_GT(added, 0);
}

}  // namespace
}  // namespace plenary::opinion
