#include "engines/opinion/vote_matrix.h"

#include <algorithm>

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

// The log's entries grouped by row (counting sort, stable so arrival order is kept).
struct LogByRow {
  std::vector<uint64_t> start;
  std::vector<uint32_t> entry;  // index into the log
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
  grouped.entry.resize(log.size());
  std::vector<uint64_t> next(grouped.start.begin(), grouped.start.end() - 1);
  for (size_t i = 0; i < log.size(); ++i) {
    grouped.entry[next[log.row[i]]++] = static_cast<uint32_t>(i);
  }
  return grouped;
}

// Sorts a row's new votes by column, keeping only the last vote per column.
void LatestPerColumn(const VoteLog& log, const uint32_t* entries, size_t count,
                     std::vector<uint64_t>& keys) {
  keys.clear();
  for (size_t j = 0; j < count; ++j) {
    keys.push_back((uint64_t{log.col[entries[j]]} << 32) | j);
  }
  std::sort(keys.begin(), keys.end());
  size_t out = 0;
  for (size_t j = 0; j < keys.size(); ++j) {
    if (j + 1 < keys.size() && (keys[j + 1] >> 32) == (keys[j] >> 32)) {
      continue;  // A later vote on the same column follows.
    }
    keys[out++] = (keys[j] & ~uint64_t{0xffffffff}) | entries[keys[j] & 0xffffffff];
  }
  keys.resize(out);
}

}  // namespace

VoteMatrix MergeVotes(const VoteMatrix& base, const VoteLog& log, int32_t rows, int32_t cols,
                      ColumnTotals& totals) {
  VoteMatrix out;
  out.rows = std::max(rows, base.rows);
  out.cols = std::max(cols, base.cols);
  totals.Resize(out.cols);
  const LogByRow grouped = GroupLogByRow(log, out.rows);
  out.row_start.assign(static_cast<size_t>(out.rows) + 1, 0);
  out.col.resize(base.nnz() + log.size());
  out.value.resize(base.nnz() + log.size());
  std::vector<uint64_t> keys;
  uint64_t w = 0;
  for (int32_t r = 0; r < out.rows; ++r) {
    uint64_t b = r < base.rows ? base.row_start[r] : 0;
    const uint64_t b_end = r < base.rows ? base.row_start[r + 1] : 0;
    const uint64_t g = grouped.start[r];
    const size_t count = grouped.start[r + 1] - g;
    if (count == 0) {
      const uint64_t n = b_end - b;
      std::copy_n(base.col.begin() + b, n, out.col.begin() + w);
      std::copy_n(base.value.begin() + b, n, out.value.begin() + w);
      w += n;
      out.row_start[r + 1] = w;
      continue;
    }
    LatestPerColumn(log, grouped.entry.data() + g, count, keys);
    for (const uint64_t key : keys) {
      const uint32_t c = static_cast<uint32_t>(key >> 32);
      const int8_t v = log.value[key & 0xffffffff];
      while (b < b_end && base.col[b] < c) {
        out.col[w] = base.col[b];
        out.value[w++] = base.value[b++];
      }
      if (b < b_end && base.col[b] == c) {
        Tally(totals, c, base.value[b++], -1);
      }
      Tally(totals, c, v, +1);
      out.col[w] = c;
      out.value[w++] = v;
    }
    for (; b < b_end; ++b) {
      out.col[w] = base.col[b];
      out.value[w++] = base.value[b];
    }
    out.row_start[r + 1] = w;
  }
  out.col.resize(w);
  out.value.resize(w);
  out.col.shrink_to_fit();
  out.value.shrink_to_fit();
  return out;
}

}  // namespace plenary::opinion
