// CompactOverlay: the overlay's cells moved into the matrix's own arrays.
#include <algorithm>
#include <cstring>

#include "engines/opinion/parallel.h"
#include "engines/opinion/vote_overlay.h"

namespace plenary::opinion {
namespace {

// Where a row's merged cells go: the matrix's arrays (in place), or a block's spare ones that
// hold the cells from `first` on.
struct Target {
  uint32_t* col;
  int8_t* value;
  uint64_t first = 0;
};

// Row r's votes with its overlay cells merged in, written backwards to `to` ending before
// `end`, read from the matrix at [b0, b). Runs of votes between the overlay's cells move in one
// piece (memmove: in place, a row's new place starts at or after its old one).
void MergeRow(const VoteOverlay& overlay, int32_t r, const uint32_t* col, const int8_t* value,
              uint64_t b0, uint64_t b, Target to, uint64_t end) {
  uint64_t w = end - to.first;  // (an index into the target's arrays)
  const auto move = [&](uint64_t from, uint64_t count) {
    w -= count;
    std::memmove(to.col + w, col + from, count * sizeof(uint32_t));
    std::memmove(to.value + w, value + from, count);
  };
  for (uint32_t i = overlay.row_start[r + 1]; i-- > overlay.row_start[r];) {
    const uint32_t c = overlay.col[i];
    uint64_t p = b;
    while (p > b0 && col[p - 1] > c) {
      --p;
    }
    move(p, b - p);
    b = p;
    if (overlay.base[i] != CellChange::kAbsent) {
      --b;  // the matrix's vote on the cell, replaced
    }
    --w;
    to.col[w] = c;
    to.value[w] = overlay.value[i];
  }
  move(b0, b - b0);
}

}  // namespace

void CompactOverlay(VoteMatrix& matrix, VoteOverlay& overlay, int threads) {
  if (overlay.empty()) {
    overlay = VoteOverlay();
    return;
  }
  // The overlay spans the matrix's rows (AddToOverlay grew them), and each row's new length is
  // known: its votes plus the cells it adds. No lookups: the overlay knows which cells replace.
  const int32_t rows = matrix.rows;
  std::vector<uint64_t> start(static_cast<size_t>(rows) + 1, 0);
  for (int32_t r = 0; r < rows; ++r) {
    start[r + 1] = start[r] + matrix.RowLength(r) + overlay.added[r];
  }
  const std::vector<uint64_t>& old_start = matrix.row_start;
  const int blocks = BlockCount(matrix) > 1 ? std::clamp(threads, 1, 8) : 1;
  const std::vector<int32_t> bounds = SplitRowsByVotes(matrix, blocks);
  if (matrix.col.capacity() < start[rows]) {
    // The arrays must grow: the rows merge into new ones, each block into its own range, rather
    // than being copied into grown arrays and then moved there (one pass over the votes less).
    VoteMatrix grown;
    grown.ResizeCells(start[rows]);
    const Target to{grown.col.data(), grown.value.data()};
    RunTasks(blocks, threads, [&](int k) {
      for (int32_t r = bounds[k + 1] - 1; r >= bounds[k]; --r) {
        MergeRow(overlay, r, matrix.col.data(), matrix.value.data(), old_start[r], old_start[r + 1],
                 to, start[r + 1]);
      }
    });
    matrix.col.swap(grown.col);
    matrix.value.swap(grown.value);
    matrix.row_start = std::move(start);
    overlay = VoteOverlay();
    return;
  }
  matrix.ResizeCells(start[rows]);
  uint32_t* col = matrix.col.data();
  int8_t* value = matrix.value.data();
  // Blocks of rows on the threads, each from its last row back: a row's new place starts at or
  // after its old one, so within a block writes never overtake reads. A block's last rows may
  // land on the next block's first votes, still unread: those rows (the `tail`, from the first
  // whose new place ends past the next block's old start) go to spare arrays, copied in once
  // every block has read its votes. A tail holds as many cells as the rows before it add, and
  // a row: one block a thread keeps them few.
  std::vector<int32_t> tail(blocks);
  std::vector<std::vector<uint32_t>> tail_col(blocks);
  std::vector<std::vector<int8_t>> tail_value(blocks);
  RunTasks(blocks, threads, [&](int k) {
    const int32_t first = bounds[k], last = bounds[k + 1];
    int32_t t = last;
    while (k + 1 < blocks && t > first && start[t] > old_start[last]) {
      --t;
    }
    tail[k] = t;
    tail_col[k].resize(start[last] - start[t]);
    tail_value[k].resize(start[last] - start[t]);
    const Target spare{tail_col[k].data(), tail_value[k].data(), start[t]};
    for (int32_t r = last - 1; r >= first; --r) {
      MergeRow(overlay, r, col, value, old_start[r], old_start[r + 1],
               r >= t ? spare : Target{col, value}, start[r + 1]);
    }
  });
  RunTasks(blocks, threads, [&](int k) {
    const uint64_t at = start[tail[k]];
    std::copy(tail_col[k].begin(), tail_col[k].end(), col + at);
    std::copy(tail_value[k].begin(), tail_value[k].end(), value + at);
  });
  matrix.row_start = std::move(start);
  overlay = VoteOverlay();
}

}  // namespace plenary::opinion
