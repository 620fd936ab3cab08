#include "engines/opinion/tallies.h"

#include <algorithm>

#include "engines/opinion/parallel.h"
#include "engines/opinion/prefetch.h"

namespace plenary::opinion {
namespace {

void Count(GroupTallies& t, int g, uint32_t col, int8_t value, int32_t sign) {
  const size_t at = t.At(g, static_cast<int32_t>(col));
  t.seen[at] += sign;
  t.agree[at] += value > 0 ? sign : 0;
  t.disagree[at] += value < 0 ? sign : 0;
}

// The value of cell (row, col) in `matrix`, or kAbsent.
int8_t Lookup(const VoteMatrix& matrix, int32_t row, uint32_t col) {
  if (row >= matrix.rows) {
    return CellChange::kAbsent;
  }
  const auto begin = matrix.col.begin() + static_cast<ptrdiff_t>(matrix.row_start[row]);
  const auto end = matrix.col.begin() + static_cast<ptrdiff_t>(matrix.row_start[row + 1]);
  const auto it = std::lower_bound(begin, end, col);
  return it != end && *it == col ? matrix.value[it - matrix.col.begin()] : CellChange::kAbsent;
}

}  // namespace

std::vector<CellChange> PendingChanges(const VoteMatrix& matrix, const VoteLog& log, int threads) {
  // The log grouped by row (counting sort, stable), then each row's votes sorted by column and
  // arrival, as (column << 32 | position) keys: the last key of a column is the vote that wins.
  uint32_t rows = 0;
  for (const uint32_t r : log.row) {
    rows = std::max(rows, r + 1);
  }
  std::vector<uint32_t> start(rows + 1, 0);
  for (const uint32_t r : log.row) {
    ++start[r + 1];
  }
  for (uint32_t r = 0; r < rows; ++r) {
    start[r + 1] += start[r];
  }
  std::vector<uint64_t> keys(log.size());
  std::vector<uint32_t> next(start.begin(), start.end() - 1);
  for (size_t i = 0; i < log.size(); ++i) {
    keys[next[log.row[i]]++] = (uint64_t{log.col[i]} << 32) | i;
  }
  // Fixed blocks of rows (the lookups are cache misses into the matrix), joined in order.
  constexpr int kBlocks = 8;
  std::vector<std::vector<CellChange>> found(kBlocks);
  RunTasks(kBlocks, log.size() < 4096 ? 1 : threads, [&](int b) {
    std::vector<CellChange>& changes = found[b];
    for (uint32_t r = rows * b / kBlocks; r < rows * (b + 1) / kBlocks; ++r) {
      const auto begin = keys.begin() + start[r], end = keys.begin() + start[r + 1];
      std::sort(begin, end);
      for (auto k = begin; k != end; ++k) {
        if (k + 1 != end && (*(k + 1) >> 32) == (*k >> 32)) {
          continue;
        }
        CellChange c;
        c.row = static_cast<int32_t>(r);
        c.col = static_cast<uint32_t>(*k >> 32);
        c.before = Lookup(matrix, c.row, c.col);
        c.after = log.value[static_cast<uint32_t>(*k)];
        if (c.before != c.after) {
          changes.push_back(c);
        }
      }
    }
  });
  std::vector<CellChange> changes;
  for (const auto& part : found) {
    changes.insert(changes.end(), part.begin(), part.end());
  }
  return changes;
}

void ResizeTallies(GroupTallies& tallies, int32_t cols) {
  if (cols == tallies.cols) {
    return;
  }
  GroupTallies grown;
  grown.groups = tallies.groups;
  grown.cols = cols;
  const size_t cells = static_cast<size_t>(tallies.groups) * cols;
  grown.agree.assign(cells, 0);
  grown.disagree.assign(cells, 0);
  grown.seen.assign(cells, 0);
  grown.members = std::move(tallies.members);
  for (int g = 0; g < tallies.groups; ++g) {
    for (int32_t c = 0; c < std::min(cols, tallies.cols); ++c) {
      grown.agree[grown.At(g, c)] = tallies.agree[tallies.At(g, c)];
      grown.disagree[grown.At(g, c)] = tallies.disagree[tallies.At(g, c)];
      grown.seen[grown.At(g, c)] = tallies.seen[tallies.At(g, c)];
    }
  }
  tallies = std::move(grown);
}

void ApplyChanges(GroupTallies& tallies, std::span<const CellChange> changes,
                  std::span<const int32_t> group_of, int threads) {
  const auto apply = [&group_of](GroupTallies& into, std::span<const CellChange> part) {
    for (const CellChange& c : part) {
      const int g = static_cast<size_t>(c.row) < group_of.size() ? group_of[c.row] : -1;
      if (g < 0) {
        continue;
      }
      if (c.before != CellChange::kAbsent) {
        Count(into, g, c.col, c.before, -1);
      }
      Count(into, g, c.col, c.after, +1);
    }
  };
  // (With fewer changes than lines, most lines would not be written.)
  if (changes.size() >= tallies.seen.size() / 16) {
    PrefetchForWriting(std::span(tallies.agree));
    PrefetchForWriting(std::span(tallies.disagree));
    PrefetchForWriting(std::span(tallies.seen));
  }
  // A large batch's second half is counted on another thread into tallies of its own, then added:
  // the counts are integers, so the result is the same (1M_x_10k: a million changes, ~5 ms on
  // one thread).
  constexpr size_t kChangesForThreads = size_t{1} << 16;
  if (threads < 2 || changes.size() < kChangesForThreads) {
    apply(tallies, changes);
    return;
  }
  GroupTallies second;
  second.groups = tallies.groups;
  second.cols = tallies.cols;
  second.agree.assign(tallies.agree.size(), 0);
  second.disagree.assign(tallies.disagree.size(), 0);
  second.seen.assign(tallies.seen.size(), 0);
  const size_t half = changes.size() / 2;
  RunTasks(2, 2, [&](int t) {
    if (t == 0) {
      apply(tallies, changes.first(half));
    } else {
      apply(second, changes.subspan(half));
    }
  });
  for (size_t i = 0; i < tallies.seen.size(); ++i) {
    tallies.agree[i] += second.agree[i];
    tallies.disagree[i] += second.disagree[i];
    tallies.seen[i] += second.seen[i];
  }
}

Regrouping CompareGroups(std::span<const int32_t> before, std::span<const int32_t> after,
                         int groups) {
  Regrouping regrouping;
  regrouping.members.assign(groups, 0);
  for (size_t r = 0; r < after.size(); ++r) {
    const int32_t from = r < before.size() ? before[r] : -1;
    const int32_t to = after[r];
    if (to >= 0 && to < groups) {
      ++regrouping.members[to];
    }
    if (from != to) {
      regrouping.moved.push_back(static_cast<int32_t>(r));
    }
  }
  return regrouping;
}

void MoveRows(GroupTallies& tallies, const VoteMatrix& matrix, Regrouping regrouping,
              std::span<const int32_t> before, std::span<const int32_t> after,
              const VoteOverlay* overlay) {
  if (overlay != nullptr && overlay->empty()) {
    overlay = nullptr;
  }
  tallies.members = std::move(regrouping.members);
  for (const int32_t r : regrouping.moved) {
    const int32_t from = static_cast<size_t>(r) < before.size() ? before[r] : -1;
    const int32_t to = after[r];
    if (r >= matrix.rows) {
      continue;  // no votes
    }
    for (uint64_t k = matrix.row_start[r]; k < matrix.row_start[r + 1]; ++k) {
      if (from >= 0) {
        Count(tallies, from, matrix.col[k], matrix.value[k], -1);
      }
      if (to >= 0) {
        Count(tallies, to, matrix.col[k], matrix.value[k], +1);
      }
    }
    // The overlay's cells: the matrix's value (counted above) out, the cell's in.
    for (uint32_t i = overlay != nullptr ? overlay->row_start[r] : 0;
         overlay != nullptr && i < overlay->row_start[r + 1]; ++i) {
      const int8_t base = overlay->base[i];
      if (from >= 0) {
        if (base != CellChange::kAbsent) {
          Count(tallies, from, overlay->col[i], base, +1);
        }
        Count(tallies, from, overlay->col[i], overlay->value[i], -1);
      }
      if (to >= 0) {
        if (base != CellChange::kAbsent) {
          Count(tallies, to, overlay->col[i], base, -1);
        }
        Count(tallies, to, overlay->col[i], overlay->value[i], +1);
      }
    }
  }
}

}  // namespace plenary::opinion
