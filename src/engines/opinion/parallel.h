#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "engines/opinion/vote_matrix.h"

namespace plenary::opinion {

// Runs task(0) ... task(count - 1) on up to `threads` threads (the calling thread included).
// Results stay deterministic when each task writes only its own output and the caller combines
// the outputs in task order, whatever the number of threads.
void RunTasks(int count, int threads, const std::function<void(int)>& task);

// Wakes the helpers of up to `threads` threads ahead of RunTasks calls to come (a sleeping
// helper takes tens of microseconds to wake): called where serial work precedes them.
void WakeHelpers(int threads);

// Splits the rows of `matrix` into `blocks` contiguous ranges of about equal non-zeros, or with
// `decreasing`, of shares that fall linearly (block b's proportional to blocks + 2 - b): threads
// that claim blocks in order then finish closer together, the last blocks being the smallest
// (a helper that starts late, or is descheduled, holds up its caller for less). The split
// depends on the matrix only, never on the thread count. Returns blocks + 1 row bounds.
std::vector<int32_t> SplitRowsByVotes(const VoteMatrix& matrix, int blocks,
                                      bool decreasing = false);

// The number of blocks for a matrix: 1 for small ones (threads would cost more than they
// save), otherwise a fixed 8.
int BlockCount(const VoteMatrix& matrix);

}  // namespace plenary::opinion
