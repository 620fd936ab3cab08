#include "engines/opinion/vote_matrix.h"

#include <algorithm>

#include "engines/opinion/parallel.h"

namespace plenary::opinion {

int32_t IdIndex::Intern(int64_t id, size_t cap) {
  if (id >= 0 && id < kDenseLimit) {
    const size_t slot = static_cast<size_t>(id);
    if (slot < dense_.size() && dense_[slot] != 0) {
      return dense_[slot] - 1;
    }
    if (ids_.size() >= cap) {
      return -1;
    }
    if (slot >= dense_.size()) {
      dense_.resize(std::max(slot + 1, dense_.size() * 2), 0);
    }
    ids_.push_back(id);
    dense_[slot] = static_cast<int32_t>(ids_.size());
    return static_cast<int32_t>(ids_.size() - 1);
  }
  const auto it = sparse_.find(id);
  if (it != sparse_.end()) {
    return it->second;
  }
  if (ids_.size() >= cap) {
    return -1;
  }
  ids_.push_back(id);
  sparse_.emplace(id, static_cast<int32_t>(ids_.size() - 1));
  return static_cast<int32_t>(ids_.size() - 1);
}

int32_t IdIndex::Find(int64_t id) const {
  if (id >= 0 && id < kDenseLimit) {
    const size_t slot = static_cast<size_t>(id);
    return slot < dense_.size() ? dense_[slot] - 1 : -1;
  }
  const auto it = sparse_.find(id);
  return it == sparse_.end() ? -1 : it->second;
}

void VoteLog::Clear() {
  row.clear();
  col.clear();
  value.clear();
}

void ColumnTotals::Resize(size_t cols) {
  agree.resize(cols, 0);
  disagree.resize(cols, 0);
  seen.resize(cols, 0);
}

namespace {

void Tally(ColumnTotals& totals, uint32_t col, int8_t value, int64_t sign) {
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

LogByRow GroupLogByRow(const VoteLog& log, int32_t rows) {
  LogByRow grouped;
  grouped.start.assign(static_cast<size_t>(rows) + 1, 0);
  for (const uint32_t r : log.row) {
    ++grouped.start[r + 1];
  }
  for (int32_t r = 0; r < rows; ++r) {
    grouped.start[r + 1] += grouped.start[r];
  }
  grouped.key.resize(log.size());
  std::vector<uint64_t> next(grouped.start.begin(), grouped.start.end() - 1);
  for (size_t i = 0; i < log.size(); ++i) {
    const uint32_t r = log.row[i];
    const uint64_t position = next[r] - grouped.start[r];
    grouped.key[next[r]++] = (uint64_t{log.col[i]} << 32) | ((position & 0xffffff) << 8) |
                             static_cast<uint8_t>(log.value[i] + 1);
  }
  return grouped;
}

inline uint32_t KeyColumn(uint64_t key) {
  return static_cast<uint32_t>(key >> 32);
}
inline int8_t KeyValue(uint64_t key) {
  return static_cast<int8_t>(static_cast<int>(key & 0xff) - 1);
}

// Sorts one row's new votes by column and keeps the last per column, in place; returns the
// count kept. (A row with more than 2^24 votes in one batch would compare positions modulo
// 2^24; far beyond any conversation.)
size_t LatestPerColumn(uint64_t* keys, size_t count) {
  std::sort(keys, keys + count);
  size_t out = 0;
  for (size_t j = 0; j < count; ++j) {
    if (j + 1 < count && KeyColumn(keys[j + 1]) == KeyColumn(keys[j])) {
      continue;  // A later vote on the same column follows.
    }
    keys[out++] = keys[j];
  }
  return out;
}

// Merges one row of `base` with its sorted new votes into `col`/`value` at `w` (or only counts
// when `col` is null); updates `totals` when given.
uint64_t MergeRow(const VoteMatrix& base, int32_t r, const uint64_t* keys, size_t count,
                  uint32_t* col, int8_t* value, uint64_t w, ColumnTotals* totals) {
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
    if (b < b_end && base.col[b] == c) {
      if (totals != nullptr) {
        Tally(*totals, c, base.value[b], -1);
      }
      ++b;
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

// Splits rows into `blocks` ranges of about equal old + new votes.
std::vector<int32_t> SplitRows(const VoteMatrix& base, const LogByRow& grouped, int32_t rows,
                               int blocks) {
  std::vector<int32_t> bounds(blocks + 1, rows);
  bounds[0] = 0;
  const uint64_t total = base.nnz() + grouped.key.size();
  for (int b = 1, r = 0; b < blocks; ++b) {
    while (r < rows && (r < base.rows ? base.row_start[r] : base.nnz()) + grouped.start[r] <
                           total * b / blocks) {
      ++r;
    }
    bounds[b] = r;
  }
  return bounds;
}

}  // namespace

VoteMatrix MergeVotes(const VoteMatrix& base, const VoteLog& log, int32_t rows, int32_t cols,
                      ColumnTotals& totals, int threads) {
  VoteMatrix out;
  out.rows = std::max(rows, base.rows);
  out.cols = std::max(cols, base.cols);
  totals.Resize(out.cols);
  LogByRow grouped = GroupLogByRow(log, out.rows);
  // Rows split into fixed blocks (by old + new votes) for two threads; each block keeps its own
  // column tallies, added in block order.
  constexpr int kBlocks = 8;
  const std::vector<int32_t> bounds = SplitRows(base, grouped, out.rows, kBlocks);
  std::vector<uint64_t> kept(out.rows, 0);
  std::vector<ColumnTotals> deltas(kBlocks);
  out.row_start.assign(static_cast<size_t>(out.rows) + 1, 0);
  RunTasks(kBlocks, threads, [&](int b) {
    deltas[b].Resize(out.cols);
    for (int32_t r = bounds[b]; r < bounds[b + 1]; ++r) {
      uint64_t* keys = grouped.key.data() + grouped.start[r];
      kept[r] = LatestPerColumn(keys, grouped.start[r + 1] - grouped.start[r]);
      out.row_start[r + 1] = MergeRow(base, r, keys, kept[r], nullptr, nullptr, 0, &deltas[b]);
    }
  });
  for (int32_t r = 0; r < out.rows; ++r) {
    out.row_start[r + 1] += out.row_start[r];
  }
  out.col.resize(out.row_start[out.rows]);
  out.value.resize(out.row_start[out.rows]);
  RunTasks(kBlocks, threads, [&](int b) {
    for (int32_t r = bounds[b]; r < bounds[b + 1]; ++r) {
      MergeRow(base, r, grouped.key.data() + grouped.start[r], kept[r], out.col.data(),
               out.value.data(), out.row_start[r], nullptr);
    }
  });
  for (const ColumnTotals& d : deltas) {
    for (int32_t c = 0; c < out.cols; ++c) {
      totals.agree[c] += d.agree[c];
      totals.disagree[c] += d.disagree[c];
      totals.seen[c] += d.seen[c];
    }
  }
  return out;
}

}  // namespace plenary::opinion
