#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/repness.h"
#include "engines/opinion/vote_matrix.h"

namespace plenary::opinion {

struct ConsensusComment {
  int32_t col = 0;
  int64_t n_success = 0;
  int64_t n_trials = 0;
  double p_success = 0;
  double p_test = 0;
};

// Comments most of everyone agrees (or disagrees) with.
struct Consensus {
  std::vector<ConsensusComment> agree;
  std::vector<ConsensusComment> disagree;
};

// Polis's select-consensus-comments over all rows: p > 0.5 and p-test > 1.2816, ranked by
// p * p-test, top 5 per side; moderated-out columns excluded; ties keep `order`.
Consensus SelectConsensus(const ColumnTotals& totals, std::span<const uint8_t> mod_out,
                          std::span<const int32_t> order);

// Group-informed consensus per column: prod_g (A_gc + 1) / (S_gc + 2), over raw votes.
std::vector<double> GroupInformedConsensus(const GroupTallies& tallies);

// The comment-routing priority (the server's weighted lottery), from counts summed over groups
// (Polis takes them from the previous update, quirk Q2):
//   importance = (1 - (P+1)/(S+2)) (e+1) (A+1)/(S+2),  priority = (importance (1 + 8 2^(-S/5)))^2
// with P = S - A - D and e the comment's extremity; meta comments get 49. One value per entry of
// `extremity`; comments beyond the tallies' columns count as unvoted.
std::vector<double> CommentPriorities(const GroupTallies& tallies,
                                      std::span<const double> extremity,
                                      std::span<const uint8_t> is_meta);

}  // namespace plenary::opinion
