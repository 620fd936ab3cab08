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

}  // namespace
}  // namespace plenary::opinion
