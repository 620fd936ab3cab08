#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "engines/opinion/vote_matrix.h"

namespace plenary::opinion {

// Raw vote counts per group and comment over the groups' members: [group * cols + col].
struct GroupTallies {
  int groups = 0;
  int32_t cols = 0;
  std::vector<int32_t> agree;
  std::vector<int32_t> disagree;
  std::vector<int32_t> seen;  // non-missing, passes included
  std::vector<int64_t> members;

  size_t At(int g, int32_t c) const { return static_cast<size_t>(g) * cols + c; }
  bool operator==(const GroupTallies&) const = default;
};

struct VoteOverlay;

// Counts the votes of each row r with group_of[r] >= 0 into its group, in one pass. With
// `totals` (the votes' column totals), the group with the most votes is not counted but derived
// from them: the same tallies for less counting. With `overlay`, the votes are the matrix's with
// the overlay's cells in place of or beside them (vote_overlay.h), counted without compacting.
GroupTallies CountGroupVotes(const VoteMatrix& matrix, std::span<const int32_t> group_of,
                             int groups, int threads, const ColumnTotals* totals = nullptr,
                             const VoteOverlay* overlay = nullptr);

// Polis's per group and comment statistics (repness.clj, stats.clj).
struct CommentStats {
  int64_t na = 0, nd = 0, ns = 0;
  double pa = 0, pd = 0;    // (n+1)/(ns+2)
  double pat = 0, pdt = 0;  // one-proportion tests
  double ra = 0, rd = 0;    // representativeness ratios against the rest
  double rat = 0, rdt = 0;  // two-proportion tests against the rest
};

// One-proportion test: 2 sqrt(ns+1) ((n+1)/(ns+1) - 1/2).
double ProportionTest(int64_t n, int64_t ns);
// Two-proportion test of (n+1)/(ns+1) against (rest+1)/(rest_ns+1); 0 when the pooled p is 1.
double TwoProportionTest(int64_t n, int64_t ns, int64_t rest, int64_t rest_ns);
CommentStats ComputeCommentStats(int64_t na, int64_t nd, int64_t ns, int64_t rest_na,
                                 int64_t rest_nd, int64_t rest_ns);

// A comment that represents a group, on the side it is more distinctive on.
struct RepComment {
  int32_t col = 0;
  bool agree = true;  // repful-for :agree (rat > rdt) or :disagree
  int64_t n_success = 0;
  int64_t n_trials = 0;
  double p_success = 0;
  double p_test = 0;
  double repness = 0;
  double repness_test = 0;
  bool best_agree = false;
};

// Polis's select-rep-comments for every group: significant comments (z > 1.2816 on both tests
// of a side) by r * r_test * p * p_test, the best-agree comment first, at most 5, agrees before
// disagrees; when nothing is significant, the best-agree comment or else the one with the
// largest max(rat, rdt). Moderated-out columns are skipped; columns are visited in `order`.
// Groups are selected on up to `threads` threads (the result does not depend on the number).
// `beside`: work independent of the selection (an update's consensus and priorities), run as
// more tasks among the groups', so that it shares the threads instead of following them.
std::vector<std::vector<RepComment>> SelectRepComments(
    const GroupTallies& tallies, std::span<const uint8_t> mod_out, std::span<const int32_t> order,
    int threads = 1, std::span<const std::function<void()>> beside = {});

}  // namespace plenary::opinion
