#include "engines/opinion/gram_rows_avx2.h"

#include <algorithm>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PLENARY_GRAM_AVX2 1
#endif

namespace plenary::opinion {

std::vector<float> CentringEntries(std::span<const double> center, const Block& w) {
  std::vector<float> entries(8 * center.size(), 0.0f);
  const size_t size = std::min<size_t>(w.size(), 4);
  for (size_t c = 0; c < center.size(); ++c) {
    float* e = entries.data() + 8 * c;
    for (size_t j = 0; j < size; ++j) {
      e[j] = static_cast<float>(w[j][c]);
    }
    for (int v = -1; v <= 1; ++v) {
      e[5 + v] = static_cast<float>(v - center[c]);
    }
  }
  return entries;
}

#ifdef PLENARY_GRAM_AVX2

bool HasAvx2Fma() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

namespace {

// Where an entry's centred values start: a disagree's, a pass's (here) and an agree's.
constexpr ptrdiff_t kCentredPass = 5;

// One vote's share of a row's sums: its centred value x (from its column's entry, indexed by the
// vote as it is: the entry's pointer is at its centred pass value) stored at `x_out`, and x
// times the entry's vector added to `sums`. The value is loaded broadcast and widened in one
// conversion (the same doubles as converting, then broadcasting the scalar: one instruction
// fewer a vote).
template <ModeratedCount kCount>
__attribute__((target("avx2,fma"), always_inline)) inline __m256d GatherVote(
    const float* entries, uint32_t c, int8_t v, float* x_out, const uint8_t* mod_out,
    int32_t& count, __m256d sums) {
  const float* centred = entries + 8 * static_cast<size_t>(c) + kCentredPass;
  const __m128 x = _mm_broadcast_ss(centred + static_cast<ptrdiff_t>(v));
  _mm_store_ss(x_out, x);
  if constexpr (kCount == ModeratedCount::kAll) {
    count += mod_out[c];
  }
  return _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(centred - kCentredPass)), _mm256_cvtps_pd(x),
                         sums);
}

// Adds a vote's centred value (at `x`) times the row's sums into its column's entry of `out`.
__attribute__((target("avx2,fma"), always_inline)) inline void ScatterVote(float* out, uint32_t c,
                                                                           __m128 sums,
                                                                           const float* x) {
  float* at = out + 4 * static_cast<size_t>(c);
  _mm_storeu_ps(at, _mm_fmadd_ps(sums, _mm_broadcast_ss(x), _mm_loadu_ps(at)));
}

// The functions below carry the target attribute (the file is compiled for the baseline): only
// they use AVX2, and only after HasAvx2Fma(). MultiplyRowsAvx2, counting the moderated votes into
// `moderated` as kCount says.
template <ModeratedCount kCount>
__attribute__((target("avx2,fma"))) void MultiplyRows(const VoteMatrix& m,
                                                      const VoteOverlay* overlay, int32_t begin,
                                                      int32_t end, const float* entries, float* out,
                                                      double* row_sums, const uint8_t* mod_out,
                                                      int32_t* moderated,
                                                      std::vector<float>& buffer) {
  const uint32_t* all_cols = m.col.data();
  const int8_t* all_values = m.value.data();
  for (int32_t r = begin; r < end; ++r) {
    const uint64_t first = m.row_start[r];
    const size_t length = m.row_start[r + 1] - first;
    const uint32_t* col = all_cols + first;
    // The row's cells in the overlay.
    const uint32_t cell = overlay != nullptr ? overlay->row_start[r] : 0;
    const uint32_t cells = overlay != nullptr ? overlay->row_start[r + 1] - cell : 0;
    // The row's centred votes, then its cells' differences. (The buffer only grows: resizing it
    // down and up again would clear its new part each row.)
    if (buffer.size() < length + cells) {
      buffer.resize(length + cells);
    }
    float* xs = buffer.data();
    float* deltas = xs + length;
    // Even and odd votes in separate sums: two dependency chains instead of one. (Four chains:
    // no faster; the loop waits on the table's loads, not on the multiply-adds.)
    __m256d even = _mm256_setzero_pd(), odd = _mm256_setzero_pd();
    size_t k = 0;
    // The centred vote comes from the column's entry (the vector's 4 values, then the centred
    // values of a disagree, a pass and an agree): one line read per vote for both.
    const int8_t* value = all_values + first;
    int32_t count = 0;
    // Four votes a turn, alternately into the even and odd sums (each chain takes its votes in
    // the same order as two a turn would: the sums are the same bit for bit).
    for (; k + 3 < length; k += 4) {
      even = GatherVote<kCount>(entries, col[k], value[k], xs + k, mod_out, count, even);
      odd = GatherVote<kCount>(entries, col[k + 1], value[k + 1], xs + k + 1, mod_out, count, odd);
      even =
          GatherVote<kCount>(entries, col[k + 2], value[k + 2], xs + k + 2, mod_out, count, even);
      odd = GatherVote<kCount>(entries, col[k + 3], value[k + 3], xs + k + 3, mod_out, count, odd);
    }
    if (k + 1 < length) {
      even = GatherVote<kCount>(entries, col[k], value[k], xs + k, mod_out, count, even);
      odd = GatherVote<kCount>(entries, col[k + 1], value[k + 1], xs + k + 1, mod_out, count, odd);
      k += 2;
    }
    if (k < length) {
      even = GatherVote<kCount>(entries, col[k], value[k], xs + k, mod_out, count, even);
    }
    // Each overlay cell adds the difference it makes to the row's centred votes: its centred
    // value, less the matrix's when the matrix has the cell. Its column lies in the row's sums'
    // and the scatter's span, so the row's terms are the merged row's (summed in another order).
    for (uint32_t i = 0; i < cells; ++i) {
      const size_t c = overlay->col[cell + i];
      const float* e = entries + 8 * c;
      const int8_t before = overlay->base[cell + i];
      float delta = e[5 + overlay->value[cell + i]];
      if (before == CellChange::kAbsent) {
        if constexpr (kCount != ModeratedCount::kNone) {
          count += mod_out[c];
        }
      } else {
        delta -= e[5 + before];
      }
      deltas[i] = delta;
      even = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(e)), _mm256_set1_pd(delta), even);
    }
    if constexpr (kCount == ModeratedCount::kAll) {
      moderated[r] = count;
    } else if constexpr (kCount == ModeratedCount::kAddOverlay) {
      moderated[r] += count;
    }
    const __m256d total = _mm256_add_pd(even, odd);
    if (row_sums != nullptr) {
      _mm256_storeu_pd(row_sums + 4 * static_cast<size_t>(r), total);
    }
    const __m128 sums = _mm256_cvtpd_ps(total);
    // Four votes a turn (fewer loop instructions; a row's columns are distinct, so the entries
    // never alias and the result is the same as one at a time).
    for (k = 0; k + 3 < length; k += 4) {
      ScatterVote(out, col[k], sums, xs + k);
      ScatterVote(out, col[k + 1], sums, xs + k + 1);
      ScatterVote(out, col[k + 2], sums, xs + k + 2);
      ScatterVote(out, col[k + 3], sums, xs + k + 3);
    }
    for (; k < length; ++k) {
      ScatterVote(out, col[k], sums, xs + k);
    }
    for (uint32_t i = 0; i < cells; ++i) {
      float* at = out + 4 * static_cast<size_t>(overlay->col[cell + i]);
      _mm_storeu_ps(at, _mm_fmadd_ps(sums, _mm_set1_ps(deltas[i]), _mm_loadu_ps(at)));
    }
  }
}

}  // namespace

__attribute__((target("avx2,fma"))) void MultiplyRowsAvx2(
    const VoteMatrix& m, const VoteOverlay* overlay, int32_t begin, int32_t end,
    const float* entries, float* out, double* row_sums, const uint8_t* mod_out, int32_t* moderated,
    ModeratedCount count, std::vector<float>& buffer) {
  ForModeratedCount(count, [&](auto kCount) {
    MultiplyRows<kCount()>(m, overlay, begin, end, entries, out, row_sums, mod_out, moderated,
                           buffer);
  });
}

#else

bool HasAvx2Fma() {
  return false;
}

void MultiplyRowsAvx2(const VoteMatrix&, const VoteOverlay*, int32_t, int32_t, const float*, float*,
                      double*, const uint8_t*, int32_t*, ModeratedCount, std::vector<float>&) {}

#endif

}  // namespace plenary::opinion
