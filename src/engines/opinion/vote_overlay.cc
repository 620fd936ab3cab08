#include "engines/opinion/vote_overlay.h"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engines/opinion/merge_rows.h"
#include "engines/opinion/parallel.h"
#include "engines/opinion/prefetch.h"

namespace plenary::opinion {
namespace {

// The number of entries of the ascending `col[0, n)` below `c`: binary steps (selects, as which
// way they go is not predictable) down to at most 16, then a count four at a time (SSE2), each
// group's comparison read as a 4-bit mask; the last, partial group is read overlapping the one
// before it, its lanes already counted masked off (no scalar tail, no horizontal sum).
size_t CountBelow(const uint32_t* col, size_t n, uint32_t c) {
  constexpr size_t kLinear = 16;
  size_t first = 0;
  while (n > kLinear) {
    const size_t half = n / 2;
    first = col[first + half] < c ? first + half : first;  // a select, not a branch
    n -= half;
  }
  size_t below = 0;
#if defined(__SSE2__)
  if (n >= 4) {
    // Set bits of a 4-bit mask.
    static constexpr uint8_t kBits[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
    // Columns are below 2^31, so the signed comparison orders them.
    const __m128i key = _mm_set1_epi32(static_cast<int32_t>(c));
    const uint32_t* at = col + first;
    const auto mask = [&](size_t k) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + k));
      return _mm_movemask_ps(_mm_castsi128_ps(_mm_cmplt_epi32(v, key)));
    };
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
      below += kBits[mask(k)];
    }
    if (k < n) {  // the last n - k entries are lanes 4 - (n - k) .. 3 of the group ending at n
      below += kBits[mask(n - 4) >> (4 - (n - k))];
    }
    return first + below;
  }
#endif
  for (size_t k = 0; k < n; ++k) {
    below += col[first + k] < c ? 1 : 0;
  }
  return first + below;
}

// The value of cell (row, col) in `matrix`, or kAbsent.
int8_t MatrixValue(const VoteMatrix& matrix, int32_t row, uint32_t col) {
  const uint64_t begin = matrix.row_start[row];
  const size_t length = matrix.row_start[row + 1] - begin;
  const size_t at = CountBelow(matrix.col.data() + begin, length, col);
  return at < length && matrix.col[begin + at] == col ? matrix.value[begin + at]
                                                      : CellChange::kAbsent;
}

// Adds (sign +1) or removes (-1) a vote in the column totals, without branches (which way a vote
// goes is not predictable).
inline void Tally(ColumnTotals& totals, uint32_t col, int8_t value, int64_t sign) {
  totals.seen[col] += sign;
  totals.agree[col] += value > 0 ? sign : 0;
  totals.disagree[col] += value < 0 ? sign : 0;
}

// Grows `matrix` to `rows` x `cols` with empty rows.
void Grow(VoteMatrix& matrix, int32_t rows, int32_t cols) {
  if (rows > matrix.rows) {
    matrix.row_start.resize(static_cast<size_t>(rows) + 1, matrix.row_start[matrix.rows]);
    matrix.rows = rows;
  }
  matrix.cols = std::max(matrix.cols, cols);
}

// One block of rows' share of AddToOverlay: its cells (in row and column order) and the cells
// whose value changed.
using OverlayPart = OverlayScratch::Part;

// Where MergeRows writes a block's cells and changed cells: arrays sized for the most the block
// can hold and written through pointers, then cut to what it holds. (A part keeps its memory from
// one batch to the next, so sizing clears only the growth; appending cost a capacity check per
// cell, and a call per run of rows without new votes: 1M_x_10k's batches touch two rows in three.)
struct PartWriter {
  uint32_t* col;
  int8_t* value;
  int8_t* base;
  CellChange* changes;
  size_t cells = 0, changed = 0;

  PartWriter(OverlayPart& part, size_t most_cells, size_t most_changes) {
    part.col.resize(most_cells);
    part.value.resize(most_cells);
    part.base.resize(most_cells);
    part.changes.resize(most_changes);
    col = part.col.data();
    value = part.value.data();
    base = part.base.data();
    changes = part.changes.data();
  }
  void Keep(uint32_t c, int8_t v, int8_t b) {
    col[cells] = c;
    value[cells] = v;
    base[cells] = b;
    ++cells;
  }
  void Cut(OverlayPart& part) const {
    part.col.resize(cells);
    part.value.resize(cells);
    part.base.resize(cells);
    part.changes.resize(changed);
  }
};

// AddToOverlay for rows [begin, end): the rows' cells so far (`overlay`) and their new votes
// (`grouped`, sorted here) merged by column into `part`; next.row_start[r + 1] gets the count of
// the block's cells up to row r, next.added[r] the row's cells the matrix does not have; the
// changed cells are counted into `totals` when given.
void MergeRows(const VoteMatrix& matrix, const VoteOverlay& overlay, merge_rows::LogByRow& grouped,
               int column_bits, int32_t begin, int32_t end, VoteOverlay& next, OverlayPart& part,
               ColumnTotals* totals) {
  std::vector<uint64_t> scratch;
  const auto old_rows = static_cast<int32_t>(overlay.empty() ? 0 : overlay.row_start.size() - 1);
  // At most the block's cells so far and its new votes.
  const uint64_t* start = grouped.start.data();
  const size_t votes = start[end] - start[begin];
  const uint32_t* old_start = old_rows > 0 ? overlay.row_start.data() : nullptr;
  const size_t old_cells =
      old_rows > 0 ? old_start[std::min(end, old_rows)] - old_start[std::min(begin, old_rows)] : 0;
  PartWriter out(part, old_cells + votes, votes);
  uint32_t* next_start = next.row_start.data();
  uint32_t* added = next.added.data();
  // The matrix rows a few rows ahead that have new votes are asked for before their searches
  // (MatrixValue): rows evicted since the last batch stalled each binary step on a miss.
  constexpr int32_t kRowsAhead = 8;
  int32_t ahead = begin;
  const auto read_ahead = [&](int32_t r) {
    for (ahead = std::max(ahead, r + 1); ahead < std::min(end, r + 1 + kRowsAhead); ++ahead) {
      if (start[ahead + 1] > start[ahead] && ahead < matrix.rows) {
        const uint64_t first = matrix.row_start[ahead];
        const size_t length = matrix.row_start[ahead + 1] - first;
        PrefetchForReading(std::span(matrix.col.data() + first, length));
        PrefetchForReading(std::span(matrix.value.data() + first, length));
      }
    }
  };
  for (int32_t r = begin; r < end; ++r) {
    // Rows without new votes keep their cells: a run of them is copied in one piece (most rows
    // of a small batch), its offsets shifted.
    int32_t skip = r;
    while (skip < end && start[skip + 1] == start[skip]) {
      ++skip;
    }
    if (skip > r) {
      const int32_t last = std::min(skip, old_rows);
      if (r < last) {
        const uint32_t from = old_start[r], to = old_start[last];
        std::memcpy(out.col + out.cells, overlay.col.data() + from, (to - from) * sizeof(uint32_t));
        std::memcpy(out.value + out.cells, overlay.value.data() + from, to - from);
        std::memcpy(out.base + out.cells, overlay.base.data() + from, to - from);
        const size_t shift = out.cells - from;
        for (int32_t q = r; q < last; ++q) {
          next_start[q + 1] = static_cast<uint32_t>(old_start[q + 1] + shift);
          added[q] = overlay.added[q];
        }
        out.cells += to - from;
      }
      for (int32_t q = std::max(r, last); q < skip; ++q) {
        next_start[q + 1] = static_cast<uint32_t>(out.cells);
      }
      r = skip - 1;
      continue;
    }
    read_ahead(r);
    uint32_t i = r < old_rows ? old_start[r] : 0;
    const uint32_t last = r < old_rows ? old_start[r + 1] : 0;
    uint64_t* keys = grouped.key.data() + start[r];
    size_t count = start[r + 1] - start[r];
    if (count > 1) {
      count = merge_rows::LatestPerColumn(keys, count, column_bits, scratch);
    }
    uint32_t row_added = 0;
    for (size_t j = 0; i < last || j < count;) {
      if (j == count || (i < last && overlay.col[i] < merge_rows::KeyColumn(keys[j]))) {
        out.Keep(overlay.col[i], overlay.value[i], overlay.base[i]);
        row_added += overlay.base[i] == CellChange::kAbsent ? 1 : 0;
        ++i;
        continue;
      }
      const uint32_t c = merge_rows::KeyColumn(keys[j]);
      const int8_t v = merge_rows::KeyValue(keys[j]);
      ++j;
      int8_t base = CellChange::kAbsent;
      int8_t now = CellChange::kAbsent;
      if (i < last && overlay.col[i] == c) {
        base = overlay.base[i];
        now = overlay.value[i];
        ++i;
      } else {
        base = now = MatrixValue(matrix, r, c);
      }
      if (now != v) {
        out.changes[out.changed++] = {r, c, now, v};
        if (totals != nullptr) {
          if (now != CellChange::kAbsent) {
            Tally(*totals, c, now, -1);
          }
          Tally(*totals, c, v, +1);
        }
      }
      if (v != base) {
        out.Keep(c, v, base);
        row_added += base == CellChange::kAbsent ? 1 : 0;
      }
    }
    added[r] = row_added;
    next_start[r + 1] = static_cast<uint32_t>(out.cells);
  }
  out.Cut(part);
}

// Joins the blocks' parts in row order into `next` (whose row offsets each count from their
// block's first cell) and `changes`, and adds their totals' changes into `totals` (`by_block`:
// each part counted its own; otherwise from the parts' changes). The arrays are
// sized once and each part copied to its place on up to `threads` threads: a batch of a million
// votes joined by appending reallocated and faulted in fresh pages for ~100 ms (1M_x_10k). The
// totals are integers, so the order of their additions does not matter.
void JoinParts(std::vector<OverlayPart>& parts, std::span<const int32_t> bounds, int threads,
               bool by_block, VoteOverlay& next, ColumnTotals& totals,
               std::vector<CellChange>* changes) {
  const size_t blocks = parts.size();
  std::vector<size_t> cell_at(blocks + 1, 0), change_at(blocks + 1, 0);
  for (size_t b = 0; b < blocks; ++b) {
    cell_at[b + 1] = cell_at[b] + parts[b].col.size();
    change_at[b + 1] = change_at[b] + parts[b].changes.size();
  }
  const size_t first_change = changes != nullptr ? changes->size() : 0;
  next.col.resize(cell_at[blocks]);
  next.value.resize(cell_at[blocks]);
  next.base.resize(cell_at[blocks]);
  if (changes != nullptr) {
    changes->resize(first_change + change_at[blocks]);
  }
  // Below some 256k cells the copies take less than a helper costs to wake.
  constexpr size_t kCellsForThreads = 262'144;
  const bool large = cell_at[blocks] + change_at[blocks] >= kCellsForThreads;
  RunTasks(static_cast<int>(blocks), large ? threads : 1, [&](int b) {
    const OverlayPart& part = parts[b];
    const auto offset = static_cast<uint32_t>(cell_at[b]);
    for (int32_t r = bounds[b]; r < bounds[b + 1] && offset > 0; ++r) {
      next.row_start[r + 1] += offset;
    }
    std::copy(part.col.begin(), part.col.end(), next.col.begin() + cell_at[b]);
    std::copy(part.value.begin(), part.value.end(), next.value.begin() + cell_at[b]);
    std::copy(part.base.begin(), part.base.end(), next.base.begin() + cell_at[b]);
    if (changes != nullptr) {
      std::copy(part.changes.begin(), part.changes.end(),
                changes->begin() + static_cast<ptrdiff_t>(first_change + change_at[b]));
    }
  });
  if (!by_block && change_at[blocks] >= totals.seen.size() / 8) {
    PrefetchForWriting(std::span(totals.agree));
    PrefetchForWriting(std::span(totals.disagree));
    PrefetchForWriting(std::span(totals.seen));
  }
  for (const OverlayPart& part : parts) {
    if (!by_block) {
      for (const CellChange& change : part.changes) {
        if (change.before != CellChange::kAbsent) {
          Tally(totals, change.col, change.before, -1);
        }
        Tally(totals, change.col, change.after, +1);
      }
      continue;
    }
    for (size_t c = 0; c < part.totals.seen.size(); ++c) {
      totals.agree[c] += part.totals.agree[c];
      totals.disagree[c] += part.totals.disagree[c];
      totals.seen[c] += part.totals.seen[c];
    }
  }
}

}  // namespace

void AddToOverlay(VoteMatrix& matrix, VoteOverlay& overlay, const VoteLog& log, int32_t rows,
                  int32_t cols, ColumnTotals& totals, std::vector<CellChange>* changes, int threads,
                  OverlayScratch* scratch) {
  OverlayScratch own;
  OverlayScratch& memory = scratch != nullptr ? *scratch : own;
  Grow(matrix, rows, cols);
  rows = matrix.rows;
  totals.Resize(matrix.cols);
  merge_rows::GroupLogByRow(log, rows, memory.grouped, memory.next);
  merge_rows::LogByRow& grouped = memory.grouped;
  const int column_bits = std::bit_width(static_cast<uint32_t>(std::max(matrix.cols, 1)));
  // The new overlay is built in the arrays of the one before the last batch (the last one is
  // read meanwhile).
  VoteOverlay next = std::move(memory.spare);
  next.row_start.assign(static_cast<size_t>(rows) + 1, 0);
  next.added.assign(rows, 0);
  next.col.clear();
  next.value.clear();
  next.base.clear();
  // Blocks of rows (about equal new votes) on two threads for large batches, joined in row
  // order: the cells and changes are ordered and the totals integers, so the result is the same
  // for any split.
  constexpr size_t kVotesForThreads = 8192;
  const int blocks = threads > 1 && log.size() >= kVotesForThreads ? 8 : 1;
  std::vector<int32_t> bounds(blocks + 1, rows);
  bounds[0] = 0;
  for (int b = 1; b < blocks; ++b) {
    const uint64_t target = log.size() * b / blocks;
    bounds[b] = static_cast<int32_t>(
        std::lower_bound(grouped.start.begin(), grouped.start.begin() + rows, target) -
        grouped.start.begin());
    bounds[b] = std::max(bounds[b], bounds[b - 1]);
  }
  std::vector<OverlayPart>& parts = memory.parts;
  parts.resize(blocks);
  // One block counts into the totals on the way. Blocks on two threads count the changes they
  // make each (1M_x_10k: a million scattered counts moved off the join's one thread), unless
  // the batch is small against the columns: then clearing and adding up a block's counters per
  // column cost more than the join's counting from the changes (7.9k_x_7.8k's 10k votes: 8
  // blocks x 7.8k columns x 3 counters, twice).
  const bool by_block = blocks > 1 && log.size() >= 8 * static_cast<size_t>(matrix.cols);
  RunTasks(blocks, threads, [&](int b) {
    ColumnTotals* counts = blocks == 1 ? &totals : nullptr;
    if (by_block) {
      counts = &parts[b].totals;
      counts->agree.assign(totals.seen.size(), 0);
      counts->disagree.assign(totals.seen.size(), 0);
      counts->seen.assign(totals.seen.size(), 0);
    }
    MergeRows(matrix, overlay, grouped, column_bits, bounds[b], bounds[b + 1], next, parts[b],
              counts);
  });
  if (blocks == 1) {  // one part: its arrays become the overlay's (swapped: the part keeps memory)
    OverlayPart& part = parts[0];
    next.col.swap(part.col);
    next.value.swap(part.value);
    next.base.swap(part.base);
    if (changes != nullptr && changes->empty()) {
      changes->swap(part.changes);
    } else if (changes != nullptr) {
      changes->insert(changes->end(), part.changes.begin(), part.changes.end());
    }
  } else {
    JoinParts(parts, bounds, threads, by_block, next, totals, changes);
  }
  memory.spare = std::move(overlay);
  if (next.empty()) {
    overlay = VoteOverlay();
    memory.spare = std::move(next);
  } else {
    overlay = std::move(next);
  }
}

void CountModeratedCells(const VoteOverlay& overlay, std::span<const uint8_t> mod_out,
                         std::span<int32_t> counts, int32_t sign) {
  for (size_t r = 0; r + 1 < overlay.row_start.size(); ++r) {
    for (uint32_t i = overlay.row_start[r]; i < overlay.row_start[r + 1]; ++i) {
      if (overlay.base[i] == CellChange::kAbsent && mod_out[overlay.col[i]]) {
        counts[r] += sign;
      }
    }
  }
}

}  // namespace plenary::opinion
