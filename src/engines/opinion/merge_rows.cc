#include "engines/opinion/merge_rows.h"

#include <algorithm>

namespace plenary::opinion::merge_rows {
namespace {

// Sorts keys in arrival order by column, keeping arrival order among equal columns: the same
// order as sorting the whole keys, whose low bits are the arrival positions. Long rows (a bulk
// load brings ~100 votes a row) take a counting sort on the column bits, <= 8 bits a pass:
// comparison sorts mispredict about every other comparison on them, and were most of a load's
// CSR build. `scratch` is a buffer for the passes.
void SortByColumn(uint64_t* keys, size_t count, int column_bits, std::vector<uint64_t>& scratch) {
  // A batch's few votes a row (an incremental update's: 1-3) by insertion, in place: std::sort's
  // set-up cost ~100 instructions a row more (1M_x_10k: a quarter of the rows have two or more).
  constexpr size_t kInsertionBelow = 16;
  if (count < kInsertionBelow) {
    for (size_t j = 1; j < count; ++j) {
      const uint64_t key = keys[j];
      size_t k = j;
      for (; k > 0 && keys[k - 1] > key; --k) {
        keys[k] = keys[k - 1];
      }
      keys[k] = key;
    }
    return;
  }
  constexpr size_t kCountingSortFrom = 48;
  if (count < kCountingSortFrom) {
    std::sort(keys, keys + count);
    return;
  }
  scratch.resize(std::max(scratch.size(), count));
  const int passes = std::max(1, (column_bits + 7) / 8);
  const int digit_bits = (column_bits + passes - 1) / passes;
  const uint64_t digit_mask = (uint64_t{1} << digit_bits) - 1;
  uint64_t* from = keys;
  uint64_t* to = scratch.data();
  for (int pass = 0; pass < passes; ++pass) {
    const int shift = 32 + pass * digit_bits;
    uint32_t starts[257] = {};
    for (size_t j = 0; j < count; ++j) {
      ++starts[((from[j] >> shift) & digit_mask) + 1];
    }
    for (uint64_t d = 0; d < digit_mask; ++d) {
      starts[d + 1] += starts[d];
    }
    for (size_t j = 0; j < count; ++j) {
      to[starts[(from[j] >> shift) & digit_mask]++] = from[j];
    }
    std::swap(from, to);
  }
  if (from != keys) {
    std::copy(from, from + count, keys);
  }
}

}  // namespace

LogByRow GroupLogByRow(const VoteLog& log, int32_t rows) {
  LogByRow grouped;
  std::vector<uint64_t> next;
  GroupLogByRow(log, rows, grouped, next);
  return grouped;
}

void GroupLogByRow(const VoteLog& log, int32_t rows, LogByRow& grouped,
                   std::vector<uint64_t>& next) {
  grouped.start.assign(static_cast<size_t>(rows) + 1, 0);
  for (const uint32_t r : log.row) {
    ++grouped.start[r + 1];
  }
  for (int32_t r = 0; r < rows; ++r) {
    grouped.start[r + 1] += grouped.start[r];
  }
  grouped.key.resize(log.size());
  next.assign(grouped.start.begin(), grouped.start.end() - 1);
  for (size_t i = 0; i < log.size(); ++i) {
    const uint32_t r = log.row[i];
    const uint64_t position = next[r] - grouped.start[r];
    grouped.key[next[r]++] = (uint64_t{log.col[i]} << 32) | ((position & 0xffffff) << 8) |
                             static_cast<uint8_t>(log.value[i] + 1);
  }
}

// Sorts one row's new votes by column and keeps the last per column, in place; returns the
// count kept. (A short row with more than 2^24 votes in one batch would compare positions
// modulo 2^24; far beyond any conversation.)
size_t LatestPerColumn(uint64_t* keys, size_t count, int column_bits,
                       std::vector<uint64_t>& scratch) {
  SortByColumn(keys, count, column_bits, scratch);
  size_t out = 0;
  for (size_t j = 0; j < count; ++j) {
    if (j + 1 < count && KeyColumn(keys[j + 1]) == KeyColumn(keys[j])) {
      continue;  // A later vote on the same column follows.
    }
    keys[out++] = keys[j];
  }
  return out;
}

uint64_t MergeRow(const VoteMatrix& base, int32_t r, const uint64_t* keys, size_t count,
                  uint32_t* col, int8_t* value, uint64_t w, ColumnTotals* totals,
                  std::vector<CellChange>* changes) {
  uint64_t b = r < base.rows ? base.row_start[r] : 0;
  const uint64_t b_end = r < base.rows ? base.row_start[r + 1] : 0;
  for (size_t j = 0; j < count; ++j) {
    const uint32_t c = KeyColumn(keys[j]);
    const int8_t v = KeyValue(keys[j]);
    for (; b < b_end && base.col[b] < c; ++b, ++w) {
      if (col != nullptr) {
        col[w] = base.col[b];
        value[w] = base.value[b];
      }
    }
    int8_t before = CellChange::kAbsent;
    if (b < b_end && base.col[b] == c) {
      before = base.value[b];
      if (totals != nullptr) {
        Tally(*totals, c, before, -1);
      }
      ++b;
    }
    if (changes != nullptr && before != v) {
      changes->push_back({r, c, before, v});
    }
    if (totals != nullptr) {
      Tally(*totals, c, v, +1);
    }
    if (col != nullptr) {
      col[w] = c;
      value[w] = v;
    }
    ++w;
  }
  if (col != nullptr && b < b_end) {
    std::copy(base.col.begin() + b, base.col.begin() + b_end, col + w);
    std::copy(base.value.begin() + b, base.value.begin() + b_end, value + w);
  }
  return w + (b_end - b);
}

}  // namespace plenary::opinion::merge_rows
