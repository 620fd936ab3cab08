#include "engines/opinion/vote_matrix.h"

#include <algorithm>
#include <bit>

#include "engines/opinion/merge_rows.h"
#include "engines/opinion/parallel.h"

namespace plenary::opinion {

int32_t IdIndex::InternOther(int64_t id, size_t cap) {
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

void VoteMatrix::ResizeCells(uint64_t cells) {
  if (col.capacity() < cells) {
    col.reserve(cells + cells / 4);
    value.reserve(cells + cells / 4);
  }
  col.resize(cells);
  value.resize(cells);
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

using merge_rows::GroupLogByRow;
using merge_rows::KeyColumn;
using merge_rows::KeyValue;
using merge_rows::LatestPerColumn;
using merge_rows::LogByRow;
using merge_rows::MergeRow;
using merge_rows::Tally;

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

// MergeVotes into an empty matrix (a bulk load). The votes are scattered by row straight into
// the result's arrays, in arrival order, then each row is sorted by column and de-duplicated
// through a small per-thread buffer: bit for bit the general path's result, without its array
// of 8-byte keys for every vote (800 MB for 100M votes) and its second pass over them.
VoteMatrix BuildFromLog(const VoteLog& log, int32_t rows, int32_t cols, ColumnTotals& totals,
                        int threads) {
  VoteMatrix out;
  out.rows = rows;
  out.cols = cols;
  totals.Resize(cols);
  // A counting sort by row, stable: the log's two halves are counted and scattered on two
  // threads, the first half's votes going ahead of the second's within each row.
  constexpr int kHalves = 2;
  std::vector<uint64_t> next[kHalves];
  auto half = [&log](int h) { return log.size() * h / kHalves; };
  RunTasks(kHalves, threads, [&](int h) {
    next[h].assign(static_cast<size_t>(rows), 0);
    for (size_t i = half(h); i < half(h + 1); ++i) {
      ++next[h][log.row[i]];
    }
  });
  std::vector<uint64_t> start(static_cast<size_t>(rows) + 1, 0);
  for (int32_t r = 0; r < rows; ++r) {
    start[r + 1] = start[r] + next[0][r] + next[1][r];
    next[1][r] = start[r] + next[0][r];
    next[0][r] = start[r];
  }
  // Room for later batches to merge in place (reserved, not touched: no resident memory), as
  // ResizeCells keeps: a quarter, so that the overlay's first compaction (at 1/16 of the votes
  // and a batch) moves the votes in place. With 1/16 it built new arrays: 1M_x_10k's first
  // compacting update took 0.80 s (254 faults of 2 MB) against 0.13-0.18 s for the others.
  out.col.reserve(log.size() + log.size() / 4);
  out.value.reserve(log.size() + log.size() / 4);
  out.col.resize(log.size());
  out.value.resize(log.size());
  RunTasks(kHalves, threads, [&](int h) {
    for (size_t i = half(h); i < half(h + 1); ++i) {
      const uint64_t w = next[h][log.row[i]]++;
      out.col[w] = log.col[i];
      out.value[w] = log.value[i];
    }
  });
  constexpr int kBlocks = 8;  // rows in blocks of about equal votes, as in MergeVotes
  std::vector<int32_t> bounds(kBlocks + 1, rows);
  bounds[0] = 0;
  for (int b = 1, r = 0; b < kBlocks; ++b) {
    while (r < rows && start[r] < log.size() * b / kBlocks) {
      ++r;
    }
    bounds[b] = r;
  }
  std::vector<uint64_t> kept(rows, 0);
  std::vector<ColumnTotals> deltas(kBlocks);
  const int column_bits = std::bit_width(static_cast<uint32_t>(std::max(cols, 1)));
  RunTasks(kBlocks, threads, [&](int b) {
    deltas[b].Resize(cols);
    std::vector<uint64_t> keys, scratch;
    for (int32_t r = bounds[b]; r < bounds[b + 1]; ++r) {
      const uint64_t first = start[r];
      const size_t count = start[r + 1] - first;
      keys.resize(count);
      for (size_t j = 0; j < count; ++j) {  // the keys GroupLogByRow would make
        keys[j] = (uint64_t{out.col[first + j]} << 32) | ((j & 0xffffff) << 8) |
                  static_cast<uint8_t>(out.value[first + j] + 1);
      }
      kept[r] = LatestPerColumn(keys.data(), count, column_bits, scratch);
      for (size_t j = 0; j < kept[r]; ++j) {
        out.col[first + j] = KeyColumn(keys[j]);
        out.value[first + j] = KeyValue(keys[j]);
        Tally(deltas[b], KeyColumn(keys[j]), KeyValue(keys[j]), +1);
      }
    }
  });
  out.row_start.assign(static_cast<size_t>(rows) + 1, 0);
  for (int32_t r = 0; r < rows; ++r) {
    out.row_start[r + 1] = out.row_start[r] + kept[r];
  }
  if (out.row_start[rows] != log.size()) {
    // Re-votes left gaps at the ends of rows: close them, in row order (rows only move forward).
    for (int32_t r = 0; r < rows; ++r) {
      std::copy_n(out.col.begin() + start[r], kept[r], out.col.begin() + out.row_start[r]);
      std::copy_n(out.value.begin() + start[r], kept[r], out.value.begin() + out.row_start[r]);
    }
    out.col.resize(out.row_start[rows]);
    out.value.resize(out.row_start[rows]);
  }
  for (const ColumnTotals& d : deltas) {
    for (int32_t c = 0; c < cols; ++c) {
      totals.agree[c] += d.agree[c];
      totals.disagree[c] += d.disagree[c];
      totals.seen[c] += d.seen[c];
    }
  }
  return out;
}

}  // namespace

VoteMatrix MergeVotes(const VoteMatrix& base, const VoteLog& log, int32_t rows, int32_t cols,
                      ColumnTotals& totals, int threads) {
  if (base.nnz() == 0) {
    return BuildFromLog(log, std::max(rows, base.rows), std::max(cols, base.cols), totals, threads);
  }
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
  const int column_bits = std::bit_width(static_cast<uint32_t>(std::max(out.cols, 1)));
  RunTasks(kBlocks, threads, [&](int b) {
    deltas[b].Resize(out.cols);
    std::vector<uint64_t> scratch;
    for (int32_t r = bounds[b]; r < bounds[b + 1]; ++r) {
      uint64_t* keys = grouped.key.data() + grouped.start[r];
      kept[r] =
          LatestPerColumn(keys, grouped.start[r + 1] - grouped.start[r], column_bits, scratch);
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
