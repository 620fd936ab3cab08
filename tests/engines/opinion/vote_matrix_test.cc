#include "engines/opinion/vote_matrix.h"

#include <map>
#include <random>

#include <gtest/gtest.h>

#include "engines/opinion/tallies.h"

namespace plenary::opinion {
namespace {

TEST(IdIndex, NumbersIdsInOrderOfFirstAppearance) {
  IdIndex index;
  EXPECT_EQ(index.Intern(40, 10), 0);
  EXPECT_EQ(index.Intern(-5, 10), 1);
  EXPECT_EQ(index.Intern(int64_t{1} << 40, 10), 2);
  EXPECT_EQ(index.Intern(40, 10), 0);
  EXPECT_EQ(index.Find(-5), 1);
  EXPECT_EQ(index.Find(41), -1);
  EXPECT_EQ(index.id(2), int64_t{1} << 40);
}

TEST(IdIndex, DropsNewIdsPastTheCap) {
  IdIndex index;
  EXPECT_EQ(index.Intern(1, 2), 0);
  EXPECT_EQ(index.Intern(2, 2), 1);
  EXPECT_EQ(index.Intern(3, 2), -1);
  EXPECT_EQ(index.Intern(1, 2), 0);
  EXPECT_EQ(index.size(), 2u);
}

TEST(MergeVotes, LatestVoteWinsAndTotalsFollow) {
  VoteLog log;
  log.Add(0, 1, 1);
  log.Add(1, 0, -1);
  log.Add(0, 1, -1);  // re-vote replaces the agree
  log.Add(0, 0, 0);
  ColumnTotals totals;
  const VoteMatrix m = MergeVotes({}, log, 2, 2, totals);
  EXPECT_EQ(m.nnz(), 3u);
  EXPECT_EQ(m.row_start, (std::vector<uint64_t>{0, 2, 3}));
  EXPECT_EQ(m.col, (std::vector<uint32_t>{0, 1, 0}));
  EXPECT_EQ(m.value, (std::vector<int8_t>{0, -1, -1}));
  EXPECT_EQ(totals.agree, (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(totals.disagree, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(totals.seen, (std::vector<int64_t>{2, 1}));

  VoteLog more;
  more.Add(1, 0, 1);  // overrides the base matrix
  more.Add(2, 1, 1);  // a new participant
  const VoteMatrix next = MergeVotes(m, more, 3, 2, totals);
  EXPECT_EQ(next.rows, 3);
  EXPECT_EQ(next.value, (std::vector<int8_t>{0, -1, 1, 1}));
  EXPECT_EQ(totals.agree, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(totals.disagree, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(totals.seen, (std::vector<int64_t>{2, 2}));
}

TEST(MergeVotes, MatchesAMapOfLatestVotesOnRandomBatches) {
  std::mt19937 random(3);
  std::map<std::pair<uint32_t, uint32_t>, int8_t> latest;
  VoteMatrix m;
  ColumnTotals totals;
  for (int batch = 0; batch < 5; ++batch) {
    VoteLog log;
    for (int i = 0; i < 2000; ++i) {
      const uint32_t r = random() % 100, c = random() % 40;
      const int8_t v = static_cast<int8_t>(static_cast<int>(random() % 3) - 1);
      log.Add(r, c, v);
      latest[{r, c}] = v;
    }
    m = MergeVotes(m, log, 100, 40, totals);
  }
  ASSERT_EQ(m.nnz(), latest.size());
  std::vector<int64_t> seen(40, 0);
  for (int32_t r = 0; r < m.rows; ++r) {
    for (uint64_t k = m.row_start[r]; k < m.row_start[r + 1]; ++k) {
      EXPECT_EQ(m.value[k], (latest.at({static_cast<uint32_t>(r), m.col[k]})));
      if (k > m.row_start[r]) {
        EXPECT_LT(m.col[k - 1], m.col[k]);
      }
      ++seen[m.col[k]];
    }
  }
  EXPECT_EQ(totals.seen, seen);
}

// Rows with many new votes each (as in a bulk load) are sorted by a counting sort on the column
// bits, in one, two or three passes depending on the number of columns; the first batch builds
// the matrix from nothing (MergeVotes' bulk path), the others merge into it.
TEST(MergeVotes, LongRowsMatchAMapOfLatestVotes) {
  for (const uint32_t cols : {200u, 5000u, 100000u}) {
    std::mt19937 random(cols);
    std::map<std::pair<uint32_t, uint32_t>, int8_t> latest;
    VoteMatrix m;
    ColumnTotals totals;
    for (int batch = 0; batch < 3; ++batch) {
      VoteLog log;
      for (int i = 0; i < 20000; ++i) {
        const uint32_t r = random() % 50;
        // Few distinct columns in the first batch, so that rows re-vote many times.
        const uint32_t c = batch == 0 ? random() % 60 * (cols / 60) : random() % cols;
        const int8_t v = static_cast<int8_t>(static_cast<int>(random() % 3) - 1);
        log.Add(r, c, v);
        latest[{r, c}] = v;
      }
      ColumnTotals one_thread_totals = totals;
      const VoteMatrix one_thread =
          MergeVotes(m, log, 50, static_cast<int32_t>(cols), one_thread_totals, 1);
      m = MergeVotes(m, log, 50, static_cast<int32_t>(cols), totals, 2);
      EXPECT_EQ(m.col, one_thread.col);
      EXPECT_EQ(m.value, one_thread.value);
      EXPECT_EQ(totals.seen, one_thread_totals.seen);
    }
    ASSERT_EQ(m.nnz(), latest.size()) << cols;
    std::vector<int64_t> agree(cols, 0);
    for (int32_t r = 0; r < m.rows; ++r) {
      for (uint64_t k = m.row_start[r]; k < m.row_start[r + 1]; ++k) {
        EXPECT_EQ(m.value[k], (latest.at({static_cast<uint32_t>(r), m.col[k]})));
        if (k > m.row_start[r]) {
          EXPECT_LT(m.col[k - 1], m.col[k]);
        }
        agree[m.col[k]] += m.value[k] > 0 ? 1 : 0;
      }
    }
    EXPECT_EQ(totals.agree, agree) << cols;
  }
}

// The in-place merge gives MergeVotes' matrix and totals, batch after batch: small batches on a
// matrix with empty rows, re-votes, new rows and columns, and rows without new votes in runs.
TEST(MergeVotesInPlace, MatchesMergeVotesBatchAfterBatch) {
  std::mt19937 random(11);
  VoteMatrix copied, in_place;
  ColumnTotals copied_totals, in_place_totals;
  VoteLog first;
  for (int i = 0; i < 5000; ++i) {
    const uint32_t r = random() % 300;
    if (r % 7 != 3) {  // some rows start empty
      first.Add(r, random() % 50, static_cast<int8_t>(static_cast<int>(random() % 3) - 1));
    }
  }
  copied = MergeVotes({}, first, 300, 50, copied_totals);
  in_place = MergeVotes({}, first, 300, 50, in_place_totals);
  for (int batch = 0; batch < 6; ++batch) {
    const uint32_t rows = 300 + 10 * (batch + 1), cols = 50 + batch;
    VoteLog log;
    for (int i = 0; i < 40 + 30 * batch; ++i) {
      // Re-votes on the same few cells, and votes from the new rows and on the new columns.
      const uint32_t r = i % 5 == 0 ? 17 : random() % rows;
      const uint32_t c = i % 5 == 0 ? 3 : random() % cols;
      log.Add(r, c, static_cast<int8_t>(static_cast<int>(random() % 3) - 1));
    }
    const std::vector<CellChange> pending = PendingChanges(copied, log);
    copied = MergeVotes(copied, log, static_cast<int32_t>(rows), static_cast<int32_t>(cols),
                        copied_totals);
    std::vector<CellChange> changes;
    MergeVotesInPlace(in_place, log, static_cast<int32_t>(rows), static_cast<int32_t>(cols),
                      in_place_totals, &changes);
    EXPECT_TRUE(changes == pending);
    EXPECT_TRUE(in_place == copied);
    EXPECT_TRUE(in_place_totals == copied_totals);
  }
  VoteLog none;
  MergeVotesInPlace(in_place, none, 0, 0, in_place_totals);
  EXPECT_EQ(in_place.col, copied.col);
}

}  // namespace
}  // namespace plenary::opinion
