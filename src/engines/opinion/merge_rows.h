#pragma once

#include <cstdint>
#include <vector>

#include "engines/opinion/vote_matrix.h"

// The pieces of merging a log of votes into the rows of a VoteMatrix, shared by MergeVotes
// (vote_matrix.cc) and MergeVotesInPlace (merge_in_place.cc). Internal to the engine.
namespace plenary::opinion::merge_rows {

// Adds (sign +1) or removes (-1) a vote in the column totals.
inline void Tally(ColumnTotals& totals, uint32_t col, int8_t value, int64_t sign) {
  totals.seen[col] += sign;
  if (value > 0) {
    totals.agree[col] += sign;
  } else if (value < 0) {
    totals.disagree[col] += sign;
  }
}

// The log's votes grouped by row (counting sort, stable so arrival order is kept), each as a key
// (column << 32 | position in the row << 8 | value + 1) that sorts by column, then arrival.
struct LogByRow {
  std::vector<uint64_t> start;
  std::vector<uint64_t> key;
};

LogByRow GroupLogByRow(const VoteLog& log, int32_t rows);
// The same into `grouped`, whose arrays (and `next`, a buffer) keep their memory from the last
// batch.
void GroupLogByRow(const VoteLog& log, int32_t rows, LogByRow& grouped,
                   std::vector<uint64_t>& next);

inline uint32_t KeyColumn(uint64_t key) {
  return static_cast<uint32_t>(key >> 32);
}
inline int8_t KeyValue(uint64_t key) {
  return static_cast<int8_t>(static_cast<int>(key & 0xff) - 1);
}

// Sorts one row's new votes by column and keeps the last per column, in place; returns the
// count kept (see merge_rows.cc). `scratch` is a buffer for the sort.
size_t LatestPerColumn(uint64_t* keys, size_t count, int column_bits,
                       std::vector<uint64_t>& scratch);

// Merges one row of `base` with its sorted new votes into `col`/`value` at `w` (or only counts
// when `col` is null); updates `totals` when given, and appends the cells that changed to
// `changes` when given. Returns the position after the row.
uint64_t MergeRow(const VoteMatrix& base, int32_t r, const uint64_t* keys, size_t count,
                  uint32_t* col, int8_t* value, uint64_t w, ColumnTotals* totals,
                  std::vector<CellChange>* changes = nullptr);

}  // namespace plenary::opinion::merge_rows
