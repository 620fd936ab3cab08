#include "engines/opinion/column_votes.h"

#include <gtest/gtest.h>

#include "engines/opinion/vote_overlay.h"
#include "planted.h"

namespace plenary::opinion {
namespace {

VoteMatrix PlantedMatrix(int rows, int cols, uint64_t seed, ColumnTotals& totals) {
  return MergeVotes({}, testing::PlantedLog(testing::MakePlanted(rows, cols, 3, 0.5, 0.8, seed)),
                    rows, cols, totals);
}

// Each vote's cell is its column and value, and each cell lists its voters in row order: the
// lists a plain transposition gives, on one thread or two (a matrix of 8 blocks).
TEST(BuildColumnVotes, ListsEachCellsVotersInRowOrder) {
  ColumnTotals totals;
  const VoteMatrix m = PlantedMatrix(2500, 170, 7, totals);
  ASSERT_GE(m.nnz(), 200'000u);  // BlockCount's 8 blocks
  std::vector<std::vector<uint16_t>> want(3 * 170);
  for (int32_t r = 0; r < m.rows; ++r) {
    for (uint64_t k = m.row_start[r]; k < m.row_start[r + 1]; ++k) {
      want[3 * m.col[k] + m.value[k] + 1].push_back(static_cast<uint16_t>(r));
    }
  }
  ColumnVotes one, two;
  BuildColumnVotes(m, 1, one);
  BuildColumnVotes(m, 2, two);
  for (size_t k = 0; k < m.nnz(); ++k) {
    ASSERT_EQ(one.cell[k], 3 * m.col[k] + m.value[k] + 1) << k;
  }
  ASSERT_EQ(one.start.size(), want.size() + 1);
  for (size_t q = 0; q < want.size(); ++q) {
    const std::vector<uint16_t> got(one.voter.begin() + one.start[q],
                                    one.voter.begin() + one.start[q + 1]);
    EXPECT_EQ(got, want[q]) << "cell " << q;
  }
  EXPECT_EQ(one.cell, two.cell);
  EXPECT_EQ(one.start, two.start);
  EXPECT_EQ(one.voter, two.voter);
}

// A rebuild in the memory of another matrix's votes gives what a fresh build gives.
TEST(BuildColumnVotes, RebuildsInUsedMemory) {
  ColumnTotals totals;
  const VoteMatrix large = PlantedMatrix(900, 80, 3, totals);
  const VoteMatrix small = PlantedMatrix(300, 40, 4, totals);
  ColumnVotes reused, fresh;
  BuildColumnVotes(large, 2, reused);
  reused.Clear();
  BuildColumnVotes(small, 2, reused);
  BuildColumnVotes(small, 2, fresh);
  EXPECT_EQ(reused.rows, 300);
  EXPECT_EQ(reused.cols, 40);
  EXPECT_EQ(reused.cell, fresh.cell);
  EXPECT_EQ(reused.start, fresh.start);
  EXPECT_EQ(reused.voter, fresh.voter);
}

// The votes describe their matrix, and still do once an overlay's batch has grown it by rows and
// columns without votes; not once its votes change, nor after Clear.
TEST(ColumnVotes, DescribeTheMatrixUntilItsVotesChange) {
  ColumnTotals totals;
  VoteMatrix m = PlantedMatrix(400, 30, 5, totals);
  ColumnVotes columns;
  EXPECT_FALSE(columns.Describes(m));
  BuildColumnVotes(m, 2, columns);
  EXPECT_TRUE(columns.Describes(m));
  VoteLog batch;
  batch.Add(3, 4, 1);      // a vote on a cell of the matrix
  batch.Add(410, 31, -1);  // a new participant on a new comment
  VoteOverlay overlay;
  AddToOverlay(m, overlay, batch, 411, 32, totals);
  EXPECT_EQ(m.rows, 411);
  EXPECT_TRUE(columns.Describes(m));
  CompactOverlay(m, overlay);
  EXPECT_FALSE(columns.Describes(m));
  BuildColumnVotes(m, 2, columns);
  EXPECT_TRUE(columns.Describes(m));
  columns.Clear();
  EXPECT_FALSE(columns.Describes(m));
}

// 16-bit indices: up to 65,536 rows and 21,845 columns.
TEST(ColumnVotes, FitMatricesWithinSixteenBitIndices) {
  VoteMatrix m;
  m.rows = 65'536;
  m.cols = 21'845;
  EXPECT_TRUE(ColumnVotes::Fits(m));
  m.rows = 65'537;
  EXPECT_FALSE(ColumnVotes::Fits(m));
  m.rows = 10;
  m.cols = 21'846;
  EXPECT_FALSE(ColumnVotes::Fits(m));
}

}  // namespace
}  // namespace plenary::opinion
