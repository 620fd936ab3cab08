#include "engines/opinion/gram_columns.h"

#include <algorithm>
#include <cstring>

#include "engines/opinion/parallel.h"
#include "engines/opinion/vote_overlay.h"

namespace plenary::opinion {
namespace {

using Float4 = float __attribute__((vector_size(16)));

Float4 Load4(const float* p) {
  Float4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// The sum of n table entries picked by `index`, in four chains (a chain's adds wait on each
// other's results; the table's reads do not).
template <typename Index>
Float4 SumEntries(const float* table, const Index* index, size_t n) {
  Float4 a = {}, b = {}, c = {}, d = {};
  size_t k = 0;
  for (; k + 4 <= n; k += 4) {
    a += Load4(table + 4 * static_cast<size_t>(index[k]));
    b += Load4(table + 4 * static_cast<size_t>(index[k + 1]));
    c += Load4(table + 4 * static_cast<size_t>(index[k + 2]));
    d += Load4(table + 4 * static_cast<size_t>(index[k + 3]));
  }
  for (; k < n; ++k) {
    a += Load4(table + 4 * static_cast<size_t>(index[k]));
  }
  return (a + b) + (c + d);
}

// Rows [begin, end): their sums from the products table, in single precision (for the second
// half) and, when asked, in double, with the overlay's cells' differences after the matrix's
// votes; their moderated votes as `count` says when `moderated_cell` is not null.
void SumRows(const ColumnVotes& columns, const VoteMatrix& m, const VoteOverlay* overlay,
             int32_t begin, int32_t end, const float* products, float* sums, double* row_sums,
             const uint8_t* moderated_cell, ModeratedCount count, int32_t* moderated) {
  const uint16_t* cells = columns.cell.data();
  for (int32_t r = begin; r < end; ++r) {
    const uint64_t first = m.row_start[r];
    const size_t length = m.row_start[r + 1] - first;
    Float4 s = SumEntries(products, cells + first, length);
    int32_t votes = 0;
    if (moderated_cell != nullptr && count == ModeratedCount::kAll) {
      for (size_t k = 0; k < length; ++k) {
        votes += moderated_cell[cells[first + k]];
      }
    }
    for (uint32_t i = overlay != nullptr ? overlay->row_start[r] : 0;
         overlay != nullptr && i < overlay->row_start[r + 1]; ++i) {
      const size_t c = overlay->col[i];
      s += Load4(products + 12 * c + 4 * (overlay->value[i] + 1));
      if (overlay->base[i] != CellChange::kAbsent) {
        s -= Load4(products + 12 * c + 4 * (overlay->base[i] + 1));
      } else if (moderated_cell != nullptr) {
        votes += moderated_cell[3 * c];
      }
    }
    std::memcpy(sums + 4 * static_cast<size_t>(r), &s, sizeof s);
    if (row_sums != nullptr) {
      for (int j = 0; j < 4; ++j) {
        row_sums[4 * static_cast<size_t>(r) + j] = s[j];
      }
    }
    if (moderated_cell != nullptr) {
      moderated[r] = (count == ModeratedCount::kAll ? 0 : moderated[r]) + votes;
    }
  }
}

// The overlay's share of the product, 4 doubles per column into `out` (zeroed first): each
// cell's row sums times its centred vote, less the matrix's, in the overlay's order.
void OverlayProducts(const VoteOverlay& overlay, int32_t rows, std::span<const double> center,
                     const float* sums, std::vector<double>& out) {
  std::fill(out.begin(), out.end(), 0.0);
  for (int32_t r = 0; r < rows && r + 1 < static_cast<int32_t>(overlay.row_start.size()); ++r) {
    const float* s = sums + 4 * static_cast<size_t>(r);
    for (uint32_t i = overlay.row_start[r]; i < overlay.row_start[r + 1]; ++i) {
      const uint32_t c = overlay.col[i];
      double x = static_cast<float>(overlay.value[i] - center[c]);
      if (overlay.base[i] != CellChange::kAbsent) {
        x -= static_cast<float>(overlay.base[i] - center[c]);
      }
      double* o = out.data() + 4 * static_cast<size_t>(c);
      for (int j = 0; j < 4; ++j) {
        o[j] += x * s[j];
      }
    }
  }
}

// The first column of each of `blocks` ranges of about equal votes, and cols at the end.
std::vector<int32_t> SplitColumnsByVotes(const ColumnVotes& columns, int blocks) {
  std::vector<int32_t> bounds(blocks + 1, columns.cols);
  bounds[0] = 0;
  const uint64_t votes = columns.start.back();
  int32_t c = 0;
  for (int b = 1; b < blocks; ++b) {
    const uint64_t target = votes * b / blocks;
    while (c < columns.cols && columns.start[3 * static_cast<size_t>(c)] < target) {
      ++c;
    }
    bounds[b] = c;
  }
  return bounds;
}

}  // namespace

Block MultiplyByColumns(ColumnVotes& columns, const VoteMatrix& m, const VoteOverlay* overlay,
                        std::span<const double> center, const Block& w,
                        std::span<const uint8_t> mod_out, int threads, double* row_sums,
                        ModeratedCount count, int32_t* moderated) {
  if (overlay != nullptr && overlay->empty()) {
    overlay = nullptr;
  }
  ColumnPassScratch& scratch = columns.pass;
  const size_t cols = m.cols;
  const size_t size = std::min<size_t>(w.size(), 4);
  // The products w_c (v - center_c) by cell (float(v - center_c) as the row kernel centres), by
  // ranges of columns on the threads (the helper is usually still awake from the last pass).
  scratch.products.resize(12 * cols);
  const int blocks = BlockCount(m);
  RunTasks(blocks, blocks > 1 ? threads : 1, [&](int b) {
    for (size_t c = cols * b / blocks; c < cols * (b + 1) / blocks; ++c) {
      Float4 entry = {};
      for (size_t j = 0; j < size; ++j) {
        entry[j] = static_cast<float>(w[j][c]);
      }
      for (int v = 0; v < 3; ++v) {
        const Float4 product = entry * static_cast<float>(v - 1 - center[c]);
        std::memcpy(scratch.products.data() + 12 * c + 4 * v, &product, sizeof product);
      }
    }
  });
  const uint8_t* moderated_cell = nullptr;
  if (moderated != nullptr && count != ModeratedCount::kNone) {
    scratch.moderated.resize(3 * cols);
    for (size_t c = 0; c < cols; ++c) {
      std::fill_n(scratch.moderated.data() + 3 * c, 3, mod_out[c] != 0 ? 1 : 0);
    }
    moderated_cell = scratch.moderated.data();
  }
  scratch.row_sums.resize(4 * static_cast<size_t>(m.rows));
  const float* sums = scratch.row_sums.data();
  const std::vector<int32_t> rows = SplitRowsByVotes(m, blocks, blocks > 1);
  RunTasks(blocks, blocks > 1 ? threads : 1, [&](int b) {
    SumRows(columns, m, overlay, rows[b], rows[b + 1], scratch.products.data(),
            scratch.row_sums.data(), row_sums, moderated_cell, count, moderated);
  });
  // The columns' sums by ranges of columns, and the overlay's share (when there is one) by the
  // first task.
  Block y(w.size(), std::vector<double>(cols));
  const std::vector<int32_t> ranges = SplitColumnsByVotes(columns, blocks);
  const int first = overlay != nullptr ? 1 : 0;
  scratch.overlay.resize(overlay != nullptr ? 4 * cols : 0);
  RunTasks(first + blocks, blocks > 1 ? threads : 1, [&](int task) {
    if (task < first) {
      OverlayProducts(*overlay, m.rows, center, sums, scratch.overlay);
      return;
    }
    const int b = task - first;
    for (int32_t c = ranges[b]; c < ranges[b + 1]; ++c) {  // (columns past columns.cols: none)
      double total[4] = {};
      for (int v = 0; v < 3; ++v) {
        const size_t cell = 3 * static_cast<size_t>(c) + v;
        const uint32_t begin = columns.start[cell];
        const Float4 s =
            SumEntries(sums, columns.voter.data() + begin, columns.start[cell + 1] - begin);
        const double x = static_cast<float>(v - 1 - center[c]);
        for (int j = 0; j < 4; ++j) {
          total[j] += x * s[j];
        }
      }
      for (size_t j = 0; j < size; ++j) {
        y[j][c] = total[j];
      }
    }
  });
  if (overlay != nullptr) {
    for (size_t j = 0; j < size; ++j) {
      for (size_t c = 0; c < cols; ++c) {
        y[j][c] += scratch.overlay[4 * c + j];
      }
    }
  }
  return y;
}

}  // namespace plenary::opinion
