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
    // `ca` and `cb` point at an entry's centred pass value, so that the vote (-1, 0 or 1) indexes
    // it as it is (sign-extended): no offset to add and extend per vote.
    for (; k + 1 < length; k += 2) {
      const float* ca = entries + 8 * static_cast<size_t>(col[k]) + kCentredPass;
      const float* cb = entries + 8 * static_cast<size_t>(col[k + 1]) + kCentredPass;
      const float xa = ca[static_cast<ptrdiff_t>(value[k])];
      const float xb = cb[static_cast<ptrdiff_t>(value[k + 1])];
      xs[k] = xa;
      xs[k + 1] = xb;
      even = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(ca - kCentredPass)), _mm256_set1_pd(xa),
                             even);
      odd = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(cb - kCentredPass)), _mm256_set1_pd(xb),
                            odd);
      if constexpr (kCount == ModeratedCount::kAll) {
        count += mod_out[col[k]] + mod_out[col[k + 1]];
      }
    }
    if (k < length) {
      const float* ca = entries + 8 * static_cast<size_t>(col[k]) + kCentredPass;
      const float xa = ca[static_cast<ptrdiff_t>(value[k])];
      xs[k] = xa;
      even = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(ca - kCentredPass)), _mm256_set1_pd(xa),
                             even);
      if constexpr (kCount == ModeratedCount::kAll) {
        count += mod_out[col[k]];
      }
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
    // Two votes a turn (fewer loop instructions; a row's columns are distinct, so the two
    // entries never alias and the result is the same as one at a time).
    for (k = 0; k + 1 < length; k += 2) {
      float* at = out + 4 * static_cast<size_t>(col[k]);
      float* bt = out + 4 * static_cast<size_t>(col[k + 1]);
      const __m128 a = _mm_fmadd_ps(sums, _mm_set1_ps(xs[k]), _mm_loadu_ps(at));
      const __m128 b = _mm_fmadd_ps(sums, _mm_set1_ps(xs[k + 1]), _mm_loadu_ps(bt));
      _mm_storeu_ps(at, a);
      _mm_storeu_ps(bt, b);
    }
    if (k < length) {
      float* at = out + 4 * static_cast<size_t>(col[k]);
      _mm_storeu_ps(at, _mm_fmadd_ps(sums, _mm_set1_ps(xs[k]), _mm_loadu_ps(at)));
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
  switch (count) {
    case ModeratedCount::kAll:
      MultiplyRows<ModeratedCount::kAll>(m, overlay, begin, end, entries, out, row_sums, mod_out,
                                         moderated, buffer);
      break;
    case ModeratedCount::kAddOverlay:
      MultiplyRows<ModeratedCount::kAddOverlay>(m, overlay, begin, end, entries, out, row_sums,
                                                mod_out, moderated, buffer);
      break;
    case ModeratedCount::kNone:
      MultiplyRows<ModeratedCount::kNone>(m, overlay, begin, end, entries, out, row_sums, mod_out,
                                          moderated, buffer);
      break;
  }
}

#else

bool HasAvx2Fma() {
  return false;
}

void MultiplyRowsAvx2(const VoteMatrix&, const VoteOverlay*, int32_t, int32_t, const float*, float*,
                      double*, const uint8_t*, int32_t*, std::vector<float>&) {}

#endif

}  // namespace plenary::opinion
