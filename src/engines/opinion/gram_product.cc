#include "engines/opinion/gram_product.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engines/opinion/double2.h"
#include "engines/opinion/gram_by_value_avx2.h"
#include "engines/opinion/gram_rows_avx2.h"
#include "engines/opinion/parallel.h"

namespace plenary::opinion {
namespace {

using Float4 = float __attribute__((vector_size(16)));

// Row blocks: at least the usual fixed split, and more on large matrices so that a block adds
// about 256 votes per comment at most into its single-precision sums (rounding stays ~1e-7).
int GramBlocks(const VoteMatrix& m) {
  const uint64_t per_block = static_cast<uint64_t>(std::max(m.cols, 1)) * 256;
  return std::max<int>(BlockCount(m),
                       static_cast<int>(std::min<uint64_t>(64, m.nnz() / per_block)));
}

// The row sums in the table's precision, in 16-byte vectors.
template <typename T>
using Lanes = std::conditional_t<std::is_same_v<T, float>, Float4, Double2>;

// Adds x times the row sums s (P values) into the table entry at `out`.
template <typename T, int P>
inline void Scatter(T* out, const Lanes<T>* s, T x) {
  constexpr int kLanes = 16 / sizeof(T);
  for (int h = 0; h < P / kLanes; ++h) {
    Lanes<T> v;
    std::memcpy(&v, out + kLanes * h, sizeof v);
    v += s[h] * x;
    std::memcpy(out + kLanes * h, &v, sizeof v);
  }
}

// Adds x times the table entry at `p` (P values, as 16-byte vectors) into the row sums s.
template <typename T, int P>
inline void Gather(Double2* s, const Lanes<T>* p, double x) {
  if constexpr (std::is_same_v<T, float>) {
    for (int h = 0; h < P / 4; ++h) {
      const Float4 f = p[h];
#if defined(__SSE2__)
      s[2 * h] += x * Double2(_mm_cvtps_pd(f));
      s[2 * h + 1] += x * Double2(_mm_cvtps_pd(_mm_movehl_ps(f, f)));
#else
      s[2 * h] += x * Double2{f[0], f[1]};
      s[2 * h + 1] += x * Double2{f[2], f[3]};
#endif
    }
  } else {
    for (int h = 0; h < P / 2; ++h) {
      s[h] += x * p[h];
    }
  }
}

// One row: x = its centred votes (computed into `x`), s = x . w (P sums), then x_c s into each
// voted column's entry. Cells of `overlay` (when not null) add to the row the difference they
// make to its centred votes (see MultiplyRowsAvx2), with `deltas` to hold them.
template <typename T, int P>
void MultiplyRow(const VoteMatrix& m, const VoteOverlay* overlay, int32_t r, const Lanes<T>* table,
                 const double* mu, T* out, T* x, std::vector<T>& deltas, double* row_sums) {
  const uint64_t begin = m.row_start[r];
  const size_t length = m.row_start[r + 1] - begin;
  const uint32_t* col = m.col.data() + begin;
  const int8_t* value = m.value.data() + begin;
  for (size_t k = 0; k < length; ++k) {
    x[k] = static_cast<T>(value[k] - mu[col[k]]);
  }
  constexpr int kEntry = P * sizeof(T) / 16;  // vectors per table entry
  // Even and odd votes in separate sums: two dependency chains instead of one.
  Double2 s[P / 2] = {}, odd[P / 2] = {};
  size_t k = 0;
  for (; k + 1 < length; k += 2) {
    Gather<T, P>(s, table + kEntry * static_cast<size_t>(col[k]), x[k]);
    Gather<T, P>(odd, table + kEntry * static_cast<size_t>(col[k + 1]), x[k + 1]);
  }
  for (; k < length; ++k) {
    Gather<T, P>(s, table + kEntry * static_cast<size_t>(col[k]), x[k]);
  }
  const uint32_t cell = overlay != nullptr ? overlay->row_start[r] : 0;
  const uint32_t cells = overlay != nullptr ? overlay->row_start[r + 1] - cell : 0;
  deltas.resize(cells);
  for (uint32_t i = 0; i < cells; ++i) {
    const uint32_t c = overlay->col[cell + i];
    const int8_t before = overlay->base[cell + i];
    deltas[i] = static_cast<T>(overlay->value[cell + i] - mu[c]);
    if (before != CellChange::kAbsent) {
      deltas[i] -= static_cast<T>(before - mu[c]);
    }
    Gather<T, P>(s, table + kEntry * static_cast<size_t>(c), deltas[i]);
  }
  Double2 total[P / 2];
  for (int h = 0; h < P / 2; ++h) {
    total[h] = s[h] + odd[h];
  }
  if (row_sums != nullptr) {
    std::memcpy(row_sums, total, sizeof total);
  }
  Lanes<T> sums[P * sizeof(T) / 16];
  if constexpr (std::is_same_v<T, float>) {
    for (int q = 0; q < P / 4; ++q) {
      sums[q] =
          Float4{static_cast<float>(total[2 * q][0]), static_cast<float>(total[2 * q][1]),
                 static_cast<float>(total[2 * q + 1][0]), static_cast<float>(total[2 * q + 1][1])};
    }
  } else {
    for (int h = 0; h < P / 2; ++h) {
      sums[h] = total[h];
    }
  }
  for (k = 0; k < length; ++k) {
    Scatter<T, P>(out + P * static_cast<size_t>(col[k]), sums, x[k]);
  }
  for (uint32_t i = 0; i < cells; ++i) {
    Scatter<T, P>(out + P * static_cast<size_t>(overlay->col[cell + i]), sums, deltas[i]);
  }
}

// Row r's votes in moderated-out columns, as `count` says (ModeratedCount; not kNone): the
// matrix's and the cells `overlay` (when not null) adds, written, or the overlay's alone, added.
void CountModerated(const VoteMatrix& m, const VoteOverlay* overlay, int32_t r,
                    std::span<const uint8_t> mod_out, ModeratedCount count, int32_t* moderated) {
  int32_t votes = 0;
  if (count == ModeratedCount::kAll) {
    for (uint64_t k = m.row_start[r]; k < m.row_start[r + 1]; ++k) {
      votes += mod_out[m.col[k]];
    }
  }
  for (uint32_t i = overlay != nullptr ? overlay->row_start[r] : 0;
       overlay != nullptr && i < overlay->row_start[r + 1]; ++i) {
    votes += overlay->base[i] == CellChange::kAbsent ? mod_out[overlay->col[i]] : 0;
  }
  moderated[r] = (count == ModeratedCount::kAll ? 0 : moderated[r]) + votes;
}

// Up to this many columns the pass reads the votes' products by column and value
// (MultiplyRowsByValueAvx2): its tables, 64 bytes a column for the products and as much for each
// block's sums, stay in the cache.
constexpr size_t kByValueColumns = 4096;

// y = Xc^T Xc w for a block of up to P vectors, one pass over the votes. Rows are split into
// fixed blocks whose partial sums are added in block order, so the result does not depend on the
// number of threads. Blocks of fewer than P vectors are padded with zeros. The centred votes are
// computed per row at every pass (see MultiplyRowsAvx2 on why they are not kept).
template <typename T, int P>
Block MultiplyGram(const VoteMatrix& m, const VoteOverlay* overlay,
                   const std::vector<double>& center, const Block& w,
                   std::span<const uint8_t> mod_out, int threads, GramScratch& scratch,
                   RowSums* rows) {
  const size_t cols = m.cols;
  const int size = static_cast<int>(w.size());
  constexpr int kLanes = 16 / sizeof(T);
  std::vector<std::vector<T>>* partial_ptr;
  if constexpr (std::is_same_v<T, float>) {
    partial_ptr = &scratch.single;
  } else {
    partial_ptr = &scratch.precise;
  }
  std::vector<std::vector<T>>& partial = *partial_ptr;
  const int blocks = GramBlocks(m);
  // (Equal blocks past BlockCount's: there are enough of them to even out.)
  const std::vector<int32_t> bounds = SplitRowsByVotes(m, blocks, blocks == BlockCount(m));
  partial.resize(blocks);
  if (rows != nullptr) {
    rows->stride = P;
    rows->sums.resize(static_cast<size_t>(m.rows) * P);
    if (rows->moderated_count != ModeratedCount::kNone) {
      rows->moderated.resize(m.rows);  // (rows the caller's counts lack have no matrix votes)
    }
  }
  const ModeratedCount count = rows != nullptr ? rows->moderated_count : ModeratedCount::kNone;
  if constexpr (std::is_same_v<T, float> && P == 4) {
    if (scratch.columns != nullptr && scratch.columns->Describes(m)) {
      return MultiplyByColumns(*scratch.columns, m, overlay, center, w, mod_out, threads,
                               rows != nullptr ? rows->sums.data() : nullptr, count,
                               rows != nullptr ? rows->moderated.data() : nullptr);
    }
  }
  // The AVX2 kernels read w and the centred votes from the centring entries, or the products of
  // the two from a table by column and value (on matrices whose tables fit in the cache); the
  // portable one reads w from the table.
  const bool avx2 = std::is_same_v<T, float> && P == 4 && HasAvx2Fma();
  const bool by_value = avx2 && scratch.by_value && cols <= kByValueColumns;
  const std::vector<float> entries = !avx2      ? std::vector<float>()
                                     : by_value ? ValueProducts(center, w)
                                                : CentringEntries(center, w);
  std::vector<Lanes<T>> table;
  if (entries.empty()) {
    table.assign(P / kLanes * cols, Lanes<T>{});
    for (size_t c = 0; c < cols; ++c) {
      for (int j = 0; j < size; ++j) {
        table[P / kLanes * c + j / kLanes][j % kLanes] = static_cast<T>(w[j][c]);
      }
    }
  }
  const size_t stride = by_value ? kByValueStride : P;
  // Below BlockCount's size a pass takes ~0.1 ms: the blocks (kept for the precision of their
  // sums) run on one thread, as a helper woken for the second finished later than the caller
  // alone would (2k_x_200: 0.15 against 0.10 ms a pass).
  RunTasks(blocks, BlockCount(m) > 1 ? threads : 1, [&](int b) {
    partial[b].assign(stride * cols, T{0});  // reuses the previous pass's memory
    if constexpr (std::is_same_v<T, float> && P == 4) {
      if (by_value) {
        std::vector<uint32_t> offsets;
        MultiplyRowsByValueAvx2(m, overlay, bounds[b], bounds[b + 1], entries.data(),
                                partial[b].data(), rows != nullptr ? rows->sums.data() : nullptr,
                                mod_out.data(), rows != nullptr ? rows->moderated.data() : nullptr,
                                count, offsets);
        return;
      }
      if (avx2) {
        std::vector<float> buffer;
        MultiplyRowsAvx2(m, overlay, bounds[b], bounds[b + 1], entries.data(), partial[b].data(),
                         rows != nullptr ? rows->sums.data() : nullptr, mod_out.data(),
                         rows != nullptr ? rows->moderated.data() : nullptr, count, buffer);
        return;
      }
    }
    std::vector<T> row_buffer, deltas;
    for (int32_t r = bounds[b]; r < bounds[b + 1]; ++r) {
      row_buffer.resize(m.RowLength(r));
      double* sums = nullptr;
      if (rows != nullptr) {
        sums = rows->sums.data() + static_cast<size_t>(r) * P;
      }
      if (count != ModeratedCount::kNone) {
        CountModerated(m, overlay, r, mod_out, count, rows->moderated.data());
      }
      MultiplyRow<T, P>(m, overlay, r, table.data(), center.data(), partial[b].data(),
                        row_buffer.data(), deltas, sums);
    }
  });
  // The block sums, added in block order in double, by ranges of columns; by value, each value's
  // sums times its centred vote.
  Block y(size, std::vector<double>(cols));
  constexpr size_t kRange = 1024;
  const int ranges = static_cast<int>((cols + kRange - 1) / kRange);
  RunTasks(ranges, threads, [&](int range) {
    for (size_t c = range * kRange; c < std::min(cols, (range + 1) * kRange); ++c) {
      double sum[P] = {};  // all P lanes (the padding is zero): a loop the compiler vectorises
      if (by_value) {
        for (int v = -1; v <= 1; ++v) {
          double slot[P] = {};
          for (int b = 0; b < blocks; ++b) {
            const T* part = partial[b].data() + stride * c + 4 * (v + 1);
            for (int j = 0; j < P; ++j) {
              slot[j] += part[j];
            }
          }
          const double x = v - center[c];
          for (int j = 0; j < P; ++j) {
            sum[j] += x * slot[j];
          }
        }
      } else {
        for (int b = 0; b < blocks; ++b) {
          const T* part = partial[b].data() + P * c;
          for (int j = 0; j < P; ++j) {
            sum[j] += part[j];
          }
        }
      }
      for (int j = 0; j < size; ++j) {
        y[j][c] = sum[j];
      }
    }
  });
  return y;
}

template <typename T>
Block Multiply(const VoteMatrix& m, const VoteOverlay* overlay, const std::vector<double>& center,
               const Block& w, std::span<const uint8_t> mod_out, int threads, GramScratch& scratch,
               RowSums* rows) {
  if (w.size() <= 4) {
    return MultiplyGram<T, 4>(m, overlay, center, w, mod_out, threads, scratch, rows);
  }
  return MultiplyGram<T, 8>(m, overlay, center, w, mod_out, threads, scratch, rows);
}

}  // namespace

Block GramProduct(const VoteMatrix& m, const std::vector<double>& center, const Block& w,
                  std::span<const uint8_t> mod_out, int threads, GramScratch& scratch, bool single,
                  RowSums* rows, const VoteOverlay* overlay) {
  if (overlay != nullptr && overlay->empty()) {
    overlay = nullptr;
  }
  Block y = single ? Multiply<float>(m, overlay, center, w, mod_out, threads, scratch, rows)
                   : Multiply<double>(m, overlay, center, w, mod_out, threads, scratch, rows);
  for (auto& v : y) {
    for (size_t c = 0; c < v.size(); ++c) {
      v[c] = mod_out[c] ? 0 : v[c];
    }
  }
  return y;
}

}  // namespace plenary::opinion
