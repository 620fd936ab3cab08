#include "engines/opinion/consensus.h"

#include <cmath>

#include <gtest/gtest.h>

namespace plenary::opinion {
namespace {

TEST(SelectConsensus, KeepsLikelyAndSignificantCommentsRanked) {
  ColumnTotals totals;
  // c0: 9 of 10 agree (p = 10/12, test = 2 sqrt(11) (10/11 - 1/2) > 1.28): consensus.
  // c1: 6 of 10 agree (test 0.90): no. c2: 8 of 10 disagree: disagree consensus.
  // c3: 10 of 10 agree but moderated out. c4: 10 of 10 agree: ranked before c0.
  totals.agree = {9, 6, 1, 10, 10};
  totals.disagree = {1, 4, 8, 0, 0};
  totals.seen = {10, 10, 10, 10, 10};
  const std::vector<uint8_t> mod_out = {0, 0, 0, 1, 0};
  const std::vector<int32_t> order = {0, 1, 2, 3, 4};
  const Consensus c = SelectConsensus(totals, mod_out, order);
  ASSERT_EQ(c.agree.size(), 2u);
  EXPECT_EQ(c.agree[0].col, 4);
  EXPECT_EQ(c.agree[1].col, 0);
  EXPECT_DOUBLE_EQ(c.agree[1].p_success, 10.0 / 12.0);
  EXPECT_NEAR(c.agree[1].p_test, 2 * std::sqrt(11.0) * (10.0 / 11.0 - 0.5), 1e-15);
  ASSERT_EQ(c.disagree.size(), 1u);
  EXPECT_EQ(c.disagree[0].col, 2);
  EXPECT_EQ(c.disagree[0].n_success, 8);
}

// Many qualifying comments with repeated values: the top five are those of a stable sort.
TEST(SelectConsensus, TiesKeepTheCommentOrder) {
  ColumnTotals totals;
  std::vector<int32_t> order;
  for (int c = 0; c < 60; ++c) {
    totals.agree.push_back(12 + c % 4);  // four distinct values, fifteen comments each
    totals.disagree.push_back(0);
    totals.seen.push_back(16);
    order.push_back(59 - c);  // visited in reverse index order
  }
  const std::vector<uint8_t> mod_out(60, 0);
  const Consensus c = SelectConsensus(totals, mod_out, order);
  ASSERT_EQ(c.agree.size(), 5u);
  // The best value (15 of 16) is on columns 3, 7, ..., 59; in visiting order 59 comes first.
  const std::vector<int32_t> want = {59, 55, 51, 47, 43};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(c.agree[i].col, want[i]);
  }
  EXPECT_TRUE(c.disagree.empty());
}

GroupTallies TwoGroups() {
  GroupTallies t;
  t.groups = 2;
  t.cols = 1;
  t.agree = {3, 1};
  t.disagree = {0, 0};
  t.seen = {4, 3};
  return t;
}

TEST(GroupInformedConsensus, IsTheProductOverGroups) {
  const std::vector<double> gic = GroupInformedConsensus(TwoGroups());
  EXPECT_NEAR(gic[0], (4.0 / 6.0) * (2.0 / 5.0), 1e-15);
}

TEST(CommentPriorities, FollowsTheFormula) {
  GroupTallies t = TwoGroups();  // A = 4, D = 1, S = 7, P = 2
  t.disagree = {1, 0};
  const std::vector<double> extremity = {0.5, 2.0};
  const std::vector<uint8_t> is_meta = {0, 1};
  const std::vector<double> p = CommentPriorities(t, extremity, is_meta);
  const double importance = (1 - 3.0 / 9.0) * 1.5 * 5.0 / 9.0;
  const double want = std::pow(importance * (1 + 8 * std::pow(2.0, -7.0 / 5.0)), 2);
  EXPECT_NEAR(p[0], want, 1e-13);
  EXPECT_EQ(p[1], 49.0);  // meta
}

// The boost 1 + 8 * 2^(-S/5) is looked up by vote count below 300 and is exactly 1 from there
// on: the same bits as the formula at every count.
TEST(CommentPriorities, MatchTheFormulaBitForBitAtEveryCount) {
  constexpr int32_t kCols = 420;
  GroupTallies t;
  t.groups = 2;
  t.cols = kCols;
  t.agree.assign(2 * kCols, 0);
  t.disagree.assign(2 * kCols, 0);
  t.seen.assign(2 * kCols, 0);
  std::vector<double> extremity(kCols);
  for (int32_t c = 0; c < kCols; ++c) {
    // Column c has c votes (split over both groups), and a second column every 7 repeats a count.
    const int32_t s = c % 7 == 3 ? c - 1 : c;
    t.seen[c] = s / 2;
    t.seen[kCols + c] = s - s / 2;
    t.agree[c] = s / 3;
    t.disagree[kCols + c] = s / 5;
    extremity[c] = 0.01 * c;
  }
  const std::vector<double> p = CommentPriorities(t, extremity, {});
  for (int32_t c = 0; c < kCols; ++c) {
    const double a = t.agree[c] + t.agree[kCols + c];
    const double d = t.disagree[c] + t.disagree[kCols + c];
    const double s = t.seen[c] + t.seen[kCols + c];
    const double importance =
        (1 - (s - a - d + 1) / (s + 2)) * (extremity[c] + 1) * (a + 1) / (s + 2);
    const double boosted = importance * (1 + 8 * std::pow(2.0, -s / 5));
    EXPECT_EQ(p[c], boosted * boosted) << c;
  }
}

}  // namespace
}  // namespace plenary::opinion
