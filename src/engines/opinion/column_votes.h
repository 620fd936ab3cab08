#pragma once

#include <cstdint>
#include <vector>

#include "engines/opinion/vote_matrix.h"

namespace plenary::opinion {

// Memory a pass over ColumnVotes keeps for the next (gram_columns.h): fresh pages cost a fault
// each on this project's VMs.
struct ColumnPassScratch {
  std::vector<float> products;     // 4 floats per cell
  std::vector<float> row_sums;     // 4 floats per row
  std::vector<uint8_t> moderated;  // per cell: its column is moderated out
  std::vector<double> overlay;     // 4 doubles per column: an overlay's share of the product
};

// A vote matrix's votes a second time, by column and value, for a Gram pass in two halves
// (gram_columns_avx2.h): each vote's (column, value) as one 16-bit index in the matrix's order,
// and the voters of each (column, value), ascending, as 16-bit row indices. Both halves of the
// pass then gather from a table in the cache instead of scattering into one. Only for matrices
// that fit 16-bit indices (`Fits`); kept beside a conversation's matrix and rebuilt when a full
// update finds it no longer describes the matrix.
struct ColumnVotes {
  int32_t rows = 0;
  int32_t cols = 0;
  std::vector<uint16_t> cell;   // per vote, in the matrix's order: 3 * column + value + 1
  std::vector<uint32_t> start;  // 3 * cols + 1 offsets into `voter`, by `cell` index
  std::vector<uint16_t> voter;  // each (column, value)'s rows, ascending
  std::vector<std::vector<uint32_t>> places;  // the build's per block counts (memory kept)
  ColumnPassScratch pass;                     // kept from one pass to the next

  // True when the votes can be held: up to 65,536 rows and 21,845 columns.
  static bool Fits(const VoteMatrix& m);
  // True when built from m, or from m before rows and columns without votes were added to it (as
  // an overlay's batch adds them, vote_overlay.h). The caller keeps the votes current as the
  // matrix changes: these checks only catch a missed rebuild's grossest cases.
  bool Describes(const VoteMatrix& m) const;
  // Forgets the votes, keeping the memory for the next build.
  void Clear();
};

// Builds `out` from m (which Fits), on up to `threads` threads (the result does not depend on the
// number), in out's own memory: fresh pages cost a fault of ~10 microseconds each on this
// project's VMs, 10 ms for the 1.03M-vote benchmark.
void BuildColumnVotes(const VoteMatrix& m, int threads, ColumnVotes& out);

}  // namespace plenary::opinion
