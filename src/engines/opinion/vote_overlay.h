#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/merge_rows.h"
#include "engines/opinion/vote_matrix.h"

namespace plenary::opinion {

// The cells where a conversation's votes differ from its CSR matrix, kept beside the matrix so
// that a small batch of votes costs work in the batch rather than a move of the whole matrix
// (MergeVotesInPlace moves every vote after the first row with a new one). By row, columns
// ascending; each cell holds its value now and its value in the matrix (CellChange::kAbsent when
// the matrix has none). The votes are the matrix's with these cells replaced or added. The
// readers of an incremental update (the Gram product, the projection, MoveRows) take it beside
// the matrix; CompactOverlay moves it into the matrix.
struct VoteOverlay {
  std::vector<uint32_t> row_start;  // rows + 1 offsets into the cells; empty when there are none
  std::vector<uint32_t> col;
  std::vector<int8_t> value;
  std::vector<int8_t> base;     // the matrix's value of the cell, or CellChange::kAbsent
  std::vector<uint32_t> added;  // per row: its cells the matrix does not have

  bool empty() const { return col.empty(); }
  size_t size() const { return col.size(); }
  // Row r's votes beyond the matrix's (0 when the overlay is empty).
  uint32_t Added(int32_t r) const { return empty() ? 0 : added[r]; }
};

// Memory AddToOverlay keeps from one batch to the next (one per overlay): without it every batch
// took fresh arrays, and on this project's VMs a fresh page costs a fault of ~10 microseconds (a
// 1M-vote batch of 1M_x_10k faulted in 60-80 MB: 100-200 ms, more than the merge's work).
struct OverlayScratch {
  struct Part {  // one block of rows' cells and changes, and what they change in the totals
    std::vector<uint32_t> col;
    std::vector<int8_t> value, base;
    std::vector<CellChange> changes;
    ColumnTotals totals;
  };
  merge_rows::LogByRow grouped;
  std::vector<uint64_t> next;
  std::vector<Part> parts;
  VoteOverlay spare;  // the overlay before the last batch, for its arrays
};

// Merges `log` (a later vote on the same cell wins) into `overlay` beside `matrix`, whose rows and
// columns first grow (as empty ones) to `rows` x `cols`. Updates `totals` from the cells whose
// value changed, and appends those cells to `changes` when given, in row and column order, with
// their values before and after (what MergeVotesInPlace reports). Cells voted back to the
// matrix's value leave the overlay. Costs the batch's sort and a binary search per vote, plus
// one step per row and per cell already in the overlay, on up to `threads` threads from 8k
// votes (the result does not depend on the number). `scratch`, when given, lends its memory.
void AddToOverlay(VoteMatrix& matrix, VoteOverlay& overlay, const VoteLog& log, int32_t rows,
                  int32_t cols, ColumnTotals& totals, std::vector<CellChange>* changes = nullptr,
                  int threads = 1, OverlayScratch* scratch = nullptr);

// Adds `sign` to counts[r] for each cell of row r that the overlay adds to the matrix (not a
// changed vote) in a column with mod_out[c] != 0: the overlay's share of each row's votes in
// moderated-out columns. `counts` has a place per overlay row.
void CountModeratedCells(const VoteOverlay& overlay, std::span<const uint8_t> mod_out,
                         std::span<int32_t> counts, int32_t sign);

// Moves the overlay's cells into the matrix, in its own arrays (from the last row back, as
// MergeVotesInPlace, but with no lookup: the overlay knows each row's new length and which cells
// replace a vote; blocks of rows on up to `threads` threads), and empties it. The matrix is then
// the one that merging every batch directly would have built.
void CompactOverlay(VoteMatrix& matrix, VoteOverlay& overlay, int threads = 1);

}  // namespace plenary::opinion
