// MergeVotesInPlace (declared in vote_matrix.h): a small batch merged into the matrix's own arrays.
#include <algorithm>
#include <bit>
#include <cstring>

#include "engines/opinion/merge_rows.h"
#include "engines/opinion/vote_matrix.h"

namespace plenary::opinion {
namespace {

using merge_rows::KeyColumn;
using merge_rows::KeyValue;

// The start of row r of `m` before a merge; rows past its end are empty, at its end.
uint64_t OldStart(const VoteMatrix& m, uint64_t old_nnz, int32_t r) {
  return r < m.rows ? m.row_start[r] : old_nnz;
}

// Merges row r's sorted new votes (`keys`, `count`) into `m`'s arrays from the back: the row's
// old votes lie in [b0, b), its new place ends at `w`. Rows only grow, so the writes (at w and
// below) never overtake the reads (below b). Returns how many old votes are left at [b0, b).
// (Element by element: rows are short, and a memmove per new vote was slower.)
uint64_t MergeRowBackward(VoteMatrix& m, uint64_t b0, uint64_t b, const uint64_t* keys,
                          size_t count, uint64_t w) {
  uint32_t* col = m.col.data();
  int8_t* value = m.value.data();
  for (size_t j = count; j-- > 0;) {
    const uint32_t c = KeyColumn(keys[j]);
    for (; b > b0 && col[b - 1] > c; --b) {
      --w;
      col[w] = col[b - 1];
      value[w] = value[b - 1];
    }
    if (b > b0 && col[b - 1] == c) {
      --b;  // replaced by the new vote
    }
    --w;
    col[w] = c;
    value[w] = KeyValue(keys[j]);
  }
  return b - b0;
}

// The length of row r once its new votes (sorted, one per column) are in, by a binary search
// per new vote rather than a walk over the row's old votes (the merge from the back walks them
// once); updates the totals and appends the changed cells, as MergeRow does.
uint64_t CountRow(const VoteMatrix& m, uint64_t old_nnz, int32_t r, const uint64_t* keys,
                  size_t count, ColumnTotals& totals, std::vector<CellChange>* changes) {
  const uint32_t* col = m.col.data();
  const uint64_t end = OldStart(m, old_nnz, r + 1);
  uint64_t from = OldStart(m, old_nnz, r);
  uint64_t length = end - from;
  for (size_t j = 0; j < count; ++j) {
    const uint32_t c = KeyColumn(keys[j]);
    const int8_t v = KeyValue(keys[j]);
    from = static_cast<uint64_t>(std::lower_bound(col + from, col + end, c) - col);
    int8_t before = CellChange::kAbsent;
    if (from < end && col[from] == c) {
      before = m.value[from];
      merge_rows::Tally(totals, c, before, -1);
      ++from;
    } else {
      ++length;
    }
    merge_rows::Tally(totals, c, v, +1);
    if (changes != nullptr && before != v) {
      changes->push_back({r, c, before, v});
    }
  }
  return length;
}

}  // namespace

void MergeVotesInPlace(VoteMatrix& m, const VoteLog& log, int32_t rows, int32_t cols,
                       ColumnTotals& totals, std::vector<CellChange>* changes) {
  rows = std::max(rows, m.rows);
  cols = std::max(cols, m.cols);
  totals.Resize(cols);
  merge_rows::LogByRow grouped = merge_rows::GroupLogByRow(log, rows);
  const uint64_t old_nnz = m.nnz();
  const int column_bits = std::bit_width(static_cast<uint32_t>(std::max(cols, 1)));
  // The new row starts; rows with new votes sort and count them (and update the totals). `kept`
  // is 0 for a row without new votes.
  std::vector<uint64_t> start(static_cast<size_t>(rows) + 1, 0);
  std::vector<uint32_t> kept(rows, 0);
  std::vector<uint64_t> scratch;
  for (int32_t r = 0; r < rows; ++r) {
    const uint64_t first = grouped.start[r], count = grouped.start[r + 1] - first;
    uint64_t length = OldStart(m, old_nnz, r + 1) - OldStart(m, old_nnz, r);
    if (count > 0) {
      uint64_t* keys = grouped.key.data() + first;
      kept[r] =
          static_cast<uint32_t>(merge_rows::LatestPerColumn(keys, count, column_bits, scratch));
      length = CountRow(m, old_nnz, r, keys, kept[r], totals, changes);
    }
    start[r + 1] = start[r] + length;
  }
  m.ResizeCells(start[rows]);
  // From the last row back: runs of rows without new votes move in one piece (by the same
  // distance), the others merge from their ends. Every row starts at or after its old start.
  auto move = [&m](uint64_t from, uint64_t to, uint64_t count) {
    if (count > 0 && from != to) {
      std::memmove(m.col.data() + to, m.col.data() + from, count * sizeof(uint32_t));
      std::memmove(m.value.data() + to, m.value.data() + from, count);
    }
  };
  for (int32_t r = rows - 1; r >= 0;) {
    if (kept[r] == 0) {
      int32_t a = r;
      while (a > 0 && kept[a - 1] == 0) {
        --a;
      }
      const uint64_t from = OldStart(m, old_nnz, a);
      move(from, start[a], OldStart(m, old_nnz, r + 1) - from);
      r = a - 1;
      continue;
    }
    const uint64_t b0 = OldStart(m, old_nnz, r);
    const uint64_t left =
        MergeRowBackward(m, b0, OldStart(m, old_nnz, r + 1), grouped.key.data() + grouped.start[r],
                         kept[r], start[r + 1]);
    move(b0, start[r], left);
    --r;
  }
  m.rows = rows;
  m.cols = cols;
  m.row_start = std::move(start);
}

}  // namespace plenary::opinion
