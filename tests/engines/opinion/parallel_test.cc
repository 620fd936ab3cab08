#include "engines/opinion/parallel.h"

#include <atomic>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::opinion {
namespace {

TEST(RunTasks, RunsEveryTaskOnce) {
  for (const int threads : {1, 2, 4}) {
    std::vector<std::atomic<int>> runs(37);
    RunTasks(37, threads, [&](int i) { ++runs[i]; });
    for (const auto& r : runs) {
      EXPECT_EQ(r.load(), 1);
    }
  }
}

TEST(SplitRowsByVotes, BalancesNonZerosAndCoversAllRows) {
  VoteMatrix m;
  m.rows = 10;
  m.row_start = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100};  // the last row holds most votes
  const std::vector<int32_t> bounds = SplitRowsByVotes(m, 4);
  ASSERT_EQ(bounds.size(), 5u);
  EXPECT_EQ(bounds.front(), 0);
  EXPECT_EQ(bounds.back(), 10);
  for (size_t b = 1; b < bounds.size(); ++b) {
    EXPECT_LE(bounds[b - 1], bounds[b]);
  }
}

// 1,000 rows of 10 votes each.
VoteMatrix EvenRows() {
  VoteMatrix m;
  m.rows = 1000;
  m.row_start.assign(m.rows + 1, 0);
  for (int r = 0; r <= m.rows; ++r) {
    m.row_start[r] = 10 * static_cast<uint64_t>(r);
  }
  return m;
}

TEST(SplitRowsByVotes, GivesEqualBlocksByDefault) {
  const std::vector<int32_t> bounds = SplitRowsByVotes(EvenRows(), 8);
  EXPECT_EQ(bounds, (std::vector<int32_t>{0, 125, 250, 375, 500, 625, 750, 875, 1000}));
}

TEST(SplitRowsByVotes, GivesSharesFallingLinearlyWhenDecreasing) {
  // Shares 10, 9, ..., 3 of 52: each bound is the first row at or past 1000 x 10/52, 19/52, 27/52,
  // 34/52, 40/52, 45/52 and 49/52 (192.3, 365.4, 519.2, 653.8, 769.2, 865.4 and 942.3).
  const std::vector<int32_t> bounds = SplitRowsByVotes(EvenRows(), 8, true);
  EXPECT_EQ(bounds, (std::vector<int32_t>{0, 193, 366, 520, 654, 770, 866, 943, 1000}));
  const std::vector<int32_t> two = SplitRowsByVotes(EvenRows(), 2, true);  // 4 and 3 of 7
  EXPECT_EQ(two, (std::vector<int32_t>{0, 572, 1000}));
  EXPECT_EQ(SplitRowsByVotes(EvenRows(), 1, true), (std::vector<int32_t>{0, 1000}));
}

}  // namespace
}  // namespace plenary::opinion
