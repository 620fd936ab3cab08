#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/repness.h"
#include "engines/opinion/vote_matrix.h"
#include "engines/opinion/vote_overlay.h"

namespace plenary::opinion {

// Keeps a grouping's vote tallies (GroupTallies) up to date as votes merge and participants change
// group, at a cost in the changes rather than in the votes.

// What merging `log` into `matrix` will change (the latest vote per cell wins), in row and column
// order, on up to `threads` threads (the result does not depend on the number). Call before the
// merge.
std::vector<CellChange> PendingChanges(const VoteMatrix& matrix, const VoteLog& log,
                                       int threads = 1);

// Makes room for `cols` columns (new comments start with no votes).
void ResizeTallies(GroupTallies& tallies, int32_t cols);

// Applies cell changes to the tallies of the groups that `group_of` gave their rows (rows past
// its end or with -1 are in no group), on two threads for large batches when `threads` allows
// (the result does not depend on it).
void ApplyChanges(GroupTallies& tallies, std::span<const CellChange> changes,
                  std::span<const int32_t> group_of, int threads = 1);

// A change of grouping: the rows whose group differs between `before` and `after` (rows past the
// end of `before` had none), in row order, and how many rows each group of `after` holds (group
// g < `groups`; rows of -1 are in none). One pass over the rows.
struct Regrouping {
  std::vector<int32_t> moved;
  std::vector<int64_t> members;
};
Regrouping CompareGroups(std::span<const int32_t> before, std::span<const int32_t> after,
                         int groups);

// Moves each of `regrouping`'s rows from its group in `before` to its group in `after`, counting
// its votes in `matrix` (with the cells of `overlay`, when given, in place of or beside the
// matrix's), and takes its member counts. `tallies` has `after`'s groups.
void MoveRows(GroupTallies& tallies, const VoteMatrix& matrix, Regrouping regrouping,
              std::span<const int32_t> before, std::span<const int32_t> after,
              const VoteOverlay* overlay = nullptr);

}  // namespace plenary::opinion
