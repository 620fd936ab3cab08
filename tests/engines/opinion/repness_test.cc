#include "engines/opinion/repness.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <numeric>
#include <optional>
#include <random>
#include <span>

#include <gtest/gtest.h>

namespace plenary::opinion {
namespace {

TEST(ComputeCommentStats, MatchesHandComputedValues) {
  // Group: 3 agree, 0 disagree, 4 seen. Rest: 0 agree, 2 disagree, 3 seen.
  const CommentStats s = ComputeCommentStats(3, 0, 4, 0, 2, 3);
  EXPECT_DOUBLE_EQ(s.pa, 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(s.pd, 1.0 / 6.0);
  EXPECT_NEAR(s.pat, 2 * std::sqrt(5.0) * (4.0 / 5.0 - 0.5), 1e-15);
  EXPECT_NEAR(s.pdt, 2 * std::sqrt(5.0) * (1.0 / 5.0 - 0.5), 1e-15);
  EXPECT_NEAR(s.ra, (4.0 / 6.0) / (1.0 / 5.0), 1e-15);
  EXPECT_NEAR(s.rd, (1.0 / 6.0) / (3.0 / 5.0), 1e-15);
  // rat: a=4, b=1, x=5, y=4: (0.8 - 0.25) / sqrt(5/9 * 4/9 * (1/5 + 1/4)) = 0.55 / (1/3).
  EXPECT_NEAR(s.rat, 1.65, 1e-14);
  // rdt: a=1, b=3, x=5, y=4: (0.2 - 0.75) / sqrt(4/9 * 5/9 * 9/20) = -1.65.
  EXPECT_NEAR(s.rdt, -1.65, 1e-14);
}

TEST(TwoProportionTest, IsZeroWhenThePooledProportionIsOne) {
  // a + b == x + y only when every vote of both sides is a success and... pooled (a+b)/(x+y):
  // n = ns and rest = rest_ns gives (n+1 + rest+1)/(ns+1 + rest_ns+1) = 1.
  EXPECT_EQ(TwoProportionTest(5, 5, 3, 3), 0.0);
}

// Tallies for two groups of 20 over `cols` comments, given per comment the group counts.
struct Counts {
  int a0, d0, a1, d1;
};
GroupTallies Make(const std::vector<Counts>& counts) {
  GroupTallies t;
  t.groups = 2;
  t.cols = static_cast<int32_t>(counts.size());
  t.agree.resize(2 * counts.size());
  t.disagree.resize(2 * counts.size());
  t.seen.resize(2 * counts.size());
  for (size_t c = 0; c < counts.size(); ++c) {
    t.agree[c] = counts[c].a0;
    t.disagree[c] = counts[c].d0;
    t.agree[counts.size() + c] = counts[c].a1;
    t.disagree[counts.size() + c] = counts[c].d1;
    t.seen[c] = 20;
    t.seen[counts.size() + c] = 20;
  }
  t.members = {20, 20};
  return t;
}

std::vector<int32_t> Order(size_t n) {
  std::vector<int32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  return order;
}

TEST(SelectRepComments, BestAgreeFirstTopFiveAgreesBeforeDisagrees) {
  // c0..c5: group 0 agrees 19-j of 20, group 1 agrees 2; c6: group 0 disagrees 18, group 1
  // agrees 18; c7: moderated out although the most distinctive of all.
  std::vector<Counts> counts;
  for (int j = 0; j < 6; ++j) {
    counts.push_back({19 - j, 0, 2, 0});
  }
  counts.push_back({0, 18, 18, 0});
  counts.push_back({20, 0, 0, 20});
  std::vector<uint8_t> mod_out(8, 0);
  mod_out[7] = 1;
  const auto rep = SelectRepComments(Make(counts), mod_out, Order(8));
  ASSERT_EQ(rep[0].size(), 5u);
  EXPECT_EQ(rep[0][0].col, 0);
  EXPECT_TRUE(rep[0][0].best_agree);
  EXPECT_EQ(rep[0][1].col, 1);
  EXPECT_EQ(rep[0][2].col, 2);
  EXPECT_EQ(rep[0][3].col, 3);
  EXPECT_EQ(rep[0][4].col, 6);  // the disagree came second by metric, moved after the agrees
  EXPECT_FALSE(rep[0][4].agree);
  EXPECT_EQ(rep[0][4].n_success, 18);
  EXPECT_EQ(rep[0][4].n_trials, 20);
  for (const auto& group : rep) {
    for (const RepComment& r : group) {
      EXPECT_NE(r.col, 7);
    }
  }
}

TEST(SelectRepComments, FallsBackToBestAgreeThenBestTest) {
  // Nothing significant for group 0: c0 agree 11/20 vs 10/20, c1 agree 9/20 vs 10/20.
  const std::vector<uint8_t> none_out = {0, 0};
  const auto rep = SelectRepComments(Make({{11, 9, 10, 10}, {9, 11, 10, 10}}), none_out, Order(2));
  ASSERT_EQ(rep[0].size(), 1u);
  EXPECT_EQ(rep[0][0].col, 0);  // ra > 1 and pa > 0.5 qualifies as best agree
  EXPECT_TRUE(rep[0][0].best_agree);
  // No agree at all in group 0 and nothing significant: the best max(rat, rdt).
  const auto none = SelectRepComments(Make({{0, 11, 0, 10}, {0, 12, 0, 10}}), none_out, Order(2));
  ASSERT_EQ(none[0].size(), 1u);
  EXPECT_EQ(none[0][0].col, 1);
  EXPECT_FALSE(none[0][0].best_agree);
}

// Work handed to the selection (`beside`) runs once per task, among the groups' tasks on two
// threads above the 16k-pair threshold (2 groups x 9,000 comments), and the selection is the one
// thread's.
TEST(SelectRepComments, RunsTheWorkBesideItOnceAndKeepsTheSelection) {
  std::vector<Counts> counts;
  for (int c = 0; c < 9'000; ++c) {
    const int a0 = (c * 7) % 21, d0 = (c * 3) % (21 - a0), a1 = (c * 11) % 21;
    counts.push_back({a0, d0, a1, (c * 5) % (21 - a1)});
  }
  const GroupTallies t = Make(counts);
  const std::vector<uint8_t> none_out(counts.size(), 0);
  const auto alone = SelectRepComments(t, none_out, Order(counts.size()), 1);
  std::atomic<int> first{0}, second{0};
  const std::function<void()> beside[] = {[&] { ++first; }, [&] { second += 10; }};
  const auto shared = SelectRepComments(t, none_out, Order(counts.size()), 2, beside);
  EXPECT_EQ(first.load(), 1);
  EXPECT_EQ(second.load(), 10);
  ASSERT_EQ(shared.size(), alone.size());
  for (size_t g = 0; g < alone.size(); ++g) {
    ASSERT_EQ(shared[g].size(), alone[g].size());
    for (size_t i = 0; i < alone[g].size(); ++i) {
      EXPECT_EQ(shared[g][i].col, alone[g][i].col);
      EXPECT_EQ(shared[g][i].repness, alone[g][i].repness);
      EXPECT_EQ(shared[g][i].repness_test, alone[g][i].repness_test);
      EXPECT_EQ(shared[g][i].best_agree, alone[g][i].best_agree);
    }
  }
}

// The selection computes every column's statistics in one vectorised pass; its figures must be
// exactly ComputeCommentStats'.
TEST(SelectRepComments, ReportsExactlyTheStatisticsOfComputeCommentStats) {
  std::vector<Counts> counts;
  for (int c = 0; c < 200; ++c) {
    const int a0 = (c * 7) % 21, d0 = (c * 3) % (21 - a0), a1 = (c * 11) % 21;
    counts.push_back({a0, d0, a1, (c * 5) % (21 - a1)});
  }
  const GroupTallies t = Make(counts);
  const std::vector<uint8_t> none_out(counts.size(), 0);
  const auto rep = SelectRepComments(t, none_out, Order(counts.size()), 2);
  ASSERT_EQ(rep.size(), 2u);
  for (int g = 0; g < 2; ++g) {
    ASSERT_FALSE(rep[g].empty());
    for (const RepComment& r : rep[g]) {
      const Counts& k = counts[r.col];
      const CommentStats s = g == 0 ? ComputeCommentStats(k.a0, k.d0, 20, k.a1, k.d1, 20)
                                    : ComputeCommentStats(k.a1, k.d1, 20, k.a0, k.d0, 20);
      EXPECT_EQ(r.p_success, r.agree ? s.pa : s.pd);
      EXPECT_EQ(r.p_test, r.agree ? s.pat : s.pdt);
      EXPECT_EQ(r.repness, r.agree ? s.ra : s.rd);
      EXPECT_EQ(r.repness_test, r.agree ? s.rat : s.rdt);
    }
  }
}

// Polis's selection written plainly (ComputeCommentStats per comment, the best-agree test as in
// repness.clj), to check the vectorised selection against on random tallies.
std::vector<RepComment> ReferenceSelection(const GroupTallies& t, int g,
                                           std::span<const uint8_t> mod_out,
                                           std::span<const int32_t> order) {
  constexpr double kZ = 1.2816;
  auto finalize = [](int32_t col, const CommentStats& s) {
    return s.rat > s.rdt ? RepComment{col, true, s.na, s.ns, s.pa, s.pat, s.ra, s.rat, false}
                         : RepComment{col, false, s.nd, s.ns, s.pd, s.pdt, s.rd, s.rdt, false};
  };
  std::vector<RepComment> sufficient;
  std::optional<RepComment> best;
  std::optional<CommentStats> best_agree;
  int32_t best_agree_col = -1;
  for (const int32_t c : order) {
    if (mod_out[c]) {
      continue;
    }
    int64_t rest[3] = {0, 0, 0};
    for (int o = 0; o < t.groups; ++o) {
      if (o != g) {
        rest[0] += t.agree[t.At(o, c)];
        rest[1] += t.disagree[t.At(o, c)];
        rest[2] += t.seen[t.At(o, c)];
      }
    }
    const CommentStats s = ComputeCommentStats(t.agree[t.At(g, c)], t.disagree[t.At(g, c)],
                                               t.seen[t.At(g, c)], rest[0], rest[1], rest[2]);
    if ((s.rat > kZ && s.pat > kZ) || (s.rdt > kZ && s.pdt > kZ)) {
      sufficient.push_back(finalize(c, s));
    }
    if (sufficient.empty() && (!best || std::max(s.rat, s.rdt) > best->repness_test)) {
      best = finalize(c, s);
    }
    bool beats = false;
    if (s.na != 0 || s.nd != 0) {
      if (best_agree && best_agree->ra > 1.0) {
        beats = s.ra * s.rat * s.pa * s.pat >
                best_agree->ra * best_agree->rat * best_agree->pa * best_agree->pat;
      } else if (best_agree) {
        beats = s.pa * s.pat > best_agree->pa * best_agree->pat;
      } else {
        beats = s.pat > kZ || (s.ra > 1.0 && s.pa > 0.5);
      }
    }
    if (beats) {
      best_agree = s;
      best_agree_col = c;
    }
  }
  std::vector<RepComment> top;
  if (best_agree) {
    top.push_back(finalize(best_agree_col, *best_agree));
    top.back().best_agree = true;
  }
  if (sufficient.empty()) {
    return top.empty() && best ? std::vector<RepComment>{*best} : top;
  }
  std::stable_sort(sufficient.begin(), sufficient.end(), [](const auto& a, const auto& b) {
    return a.repness * a.repness_test * a.p_success * a.p_test >
           b.repness * b.repness_test * b.p_success * b.p_test;
  });
  for (const RepComment& r : sufficient) {
    if (top.size() < 5 && r.col != best_agree_col) {
      top.push_back(r);
    }
  }
  std::stable_partition(top.begin(), top.end(), [](const RepComment& r) { return r.agree; });
  return top;
}

TEST(SelectRepComments, MatchesAPlainSelectionOnRandomTallies) {
  std::mt19937 random(7);
  for (int trial = 0; trial < 40; ++trial) {
    GroupTallies t;
    t.groups = 2 + trial % 4;
    t.cols = 50 + trial * 7;
    const size_t cells = static_cast<size_t>(t.groups) * t.cols;
    t.agree.resize(cells);
    t.disagree.resize(cells);
    t.seen.resize(cells);
    t.members.assign(t.groups, 30);
    for (size_t i = 0; i < cells; ++i) {
      // Few votes in some trials (nothing significant), many in others.
      const int most = trial % 3 == 0 ? 3 : 30;
      const int seen = static_cast<int>(random() % (most + 1));
      const int agree = seen == 0 ? 0 : static_cast<int>(random() % (seen + 1));
      t.seen[i] = seen;
      t.agree[i] = agree;
      t.disagree[i] = seen - agree == 0 ? 0 : static_cast<int>(random() % (seen - agree + 1));
    }
    std::vector<uint8_t> mod_out(t.cols, 0);
    for (int32_t c = 0; c < t.cols; c += 9) {
      mod_out[c] = 1;
    }
    std::vector<int32_t> order = Order(t.cols);
    std::shuffle(order.begin(), order.end(), random);
    const auto rep = SelectRepComments(t, mod_out, order, 2);
    for (int g = 0; g < t.groups; ++g) {
      const std::vector<RepComment> want = ReferenceSelection(t, g, mod_out, order);
      ASSERT_EQ(rep[g].size(), want.size()) << "trial " << trial << " group " << g;
      for (size_t k = 0; k < want.size(); ++k) {
        EXPECT_EQ(rep[g][k].col, want[k].col);
        EXPECT_EQ(rep[g][k].agree, want[k].agree);
        EXPECT_EQ(rep[g][k].best_agree, want[k].best_agree);
        EXPECT_EQ(rep[g][k].repness_test, want[k].repness_test);
      }
    }
  }
}

TEST(CountGroupVotes, CountsRowsIntoTheirGroups) {
  VoteMatrix m;
  m.rows = 3;
  m.cols = 2;
  m.row_start = {0, 2, 3, 5};
  m.col = {0, 1, 0, 0, 1};
  m.value = {1, 0, -1, 1, 1};
  const std::vector<int32_t> group_of = {0, -1, 1};
  const GroupTallies t = CountGroupVotes(m, group_of, 2, 1);
  EXPECT_EQ(t.agree, (std::vector<int32_t>{1, 0, 1, 1}));
  EXPECT_EQ(t.disagree, (std::vector<int32_t>{0, 0, 0, 0}));
  EXPECT_EQ(t.seen, (std::vector<int32_t>{1, 1, 1, 1}));
  EXPECT_EQ(t.members, (std::vector<int64_t>{1, 1}));
}

// `rows` x `cols` votes of -1, 0 or 1, each cell voted with odds `in_ten` in ten.
VoteMatrix RandomVotes(std::mt19937& random, int32_t rows, int32_t cols, int in_ten) {
  VoteMatrix m;
  m.rows = rows;
  m.cols = cols;
  for (int32_t r = 0; r < m.rows; ++r) {
    for (int32_t c = 0; c < m.cols; ++c) {
      if (static_cast<int>(random() % 10) < in_ten) {
        m.col.push_back(static_cast<uint32_t>(c));
        m.value.push_back(static_cast<int8_t>(static_cast<int>(random() % 3) - 1));
      }
    }
    m.row_start.push_back(m.col.size());
  }
  return m;
}

// With the column totals, the group with the most votes is derived from them instead of counted:
// the same tallies whichever group that is, with ungrouped rows and on one thread or two.
TEST(CountGroupVotes, DerivesTheLargestGroupFromTheTotals) {
  std::mt19937 random(29);
  VoteMatrix m = RandomVotes(random, 2500, 90, 6);
  ColumnTotals totals;
  totals.Resize(m.cols);
  for (size_t k = 0; k < m.nnz(); ++k) {
    totals.agree[m.col[k]] += m.value[k] > 0;
    totals.disagree[m.col[k]] += m.value[k] < 0;
    ++totals.seen[m.col[k]];
  }
  for (int largest = 0; largest < 3; ++largest) {
    std::vector<int32_t> group_of(m.rows);
    for (int32_t& g : group_of) {
      const int draw = static_cast<int>(random() % 7);  // the largest group three times as often
      g = draw < 3 ? largest : draw == 6 ? -1 : (largest + 1 + draw % 2) % 3;
    }
    const GroupTallies counted = CountGroupVotes(m, group_of, 3, 1);
    for (const int threads : {1, 2}) {
      const GroupTallies derived = CountGroupVotes(m, group_of, 3, threads, &totals);
      EXPECT_TRUE(derived == counted) << "largest " << largest << ", threads " << threads;
    }
  }
}

// Large enough for several row blocks: the tallies are the same on one thread or two (one block
// of counters per thread) and equal to a plain count.
TEST(CountGroupVotes, IsTheSameOnOneOrTwoThreadsAndEqualsAPlainCount) {
  std::mt19937 random(11);
  VoteMatrix m = RandomVotes(random, 3000, 120, 7);
  ASSERT_GE(m.nnz(), 200'000u);
  std::vector<int32_t> group_of(m.rows);
  for (int32_t& g : group_of) {
    g = static_cast<int32_t>(random() % 5) - 1;  // -1: in no group
  }
  const GroupTallies one = CountGroupVotes(m, group_of, 4, 1);
  const GroupTallies two = CountGroupVotes(m, group_of, 4, 2);
  EXPECT_EQ(one.agree, two.agree);
  EXPECT_EQ(one.disagree, two.disagree);
  EXPECT_EQ(one.seen, two.seen);
  EXPECT_EQ(one.members, two.members);
  GroupTallies plain;
  plain.cols = m.cols;
  plain.agree.assign(4 * m.cols, 0);
  plain.disagree.assign(4 * m.cols, 0);
  plain.seen.assign(4 * m.cols, 0);
  for (int32_t r = 0; r < m.rows; ++r) {
    for (uint64_t k = m.row_start[r]; k < m.row_start[r + 1] && group_of[r] >= 0; ++k) {
      const size_t at = plain.At(group_of[r], static_cast<int32_t>(m.col[k]));
      plain.agree[at] += m.value[k] > 0;
      plain.disagree[at] += m.value[k] < 0;
      ++plain.seen[at];
    }
  }
  EXPECT_EQ(one.agree, plain.agree);
  EXPECT_EQ(one.disagree, plain.disagree);
  EXPECT_EQ(one.seen, plain.seen);
}

}  // namespace
}  // namespace plenary::opinion
