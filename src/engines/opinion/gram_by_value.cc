#include "engines/opinion/gram_by_value.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PLENARY_GRAM_AVX2 1
#endif

namespace plenary::opinion {
namespace {

// An entry of CentringEntries: the block's 4 values, then the centred disagree, pass and agree.
constexpr size_t kEntry = 8;
constexpr size_t kCentred = 4;
// Per column: 3 values of 4 lanes.
constexpr size_t kPerColumn = 12;

}  // namespace

std::vector<double> ValueProducts(std::span<const float> entries) {
  const size_t cols = entries.size() / kEntry;
  std::vector<double> products(kPerColumn * cols);
  for (size_t c = 0; c < cols; ++c) {
    const float* e = entries.data() + kEntry * c;
    for (size_t v = 0; v < 3; ++v) {
      for (size_t j = 0; j < 4; ++j) {
        products[kPerColumn * c + 4 * v + j] =
            static_cast<double>(e[j]) * static_cast<double>(e[kCentred + v]);
      }
    }
  }
  return products;
}

#ifdef PLENARY_GRAM_AVX2

namespace {

// Where an entry's centred values start, so that the vote (-1, 0 or 1) indexes them as it is.
constexpr ptrdiff_t kCentredPass = 5;

template <bool kCount>
__attribute__((target("avx2,fma"))) void MultiplyRows(
    const VoteMatrix& m, const VoteOverlay* overlay, int32_t begin, int32_t end,
    const double* products, const float* entries, float* by_value, float* out, double* row_sums,
    const uint8_t* mod_out, int32_t* moderated, std::vector<uint32_t>& buffer) {
  const uint32_t* all_cols = m.col.data();
  const int8_t* all_values = m.value.data();
  for (int32_t r = begin; r < end; ++r) {
    const uint64_t first = m.row_start[r];
    const size_t length = m.row_start[r + 1] - first;
    const uint32_t* col = all_cols + first;
    const int8_t* value = all_values + first;
    const uint32_t cell = overlay != nullptr ? overlay->row_start[r] : 0;
    const uint32_t cells = overlay != nullptr ? overlay->row_start[r + 1] - cell : 0;
    // Each vote's place, 4 (3 c + v + 1): its products' (in doubles) and its sums' (in floats),
    // kept for the scatter; then the overlay cells' changes of the centred votes (as floats).
    if (buffer.size() < length + cells) {
      buffer.resize(length + cells);
    }
    uint32_t* place = buffer.data();
    float* deltas = reinterpret_cast<float*>(buffer.data() + length);
    __m256d even = _mm256_setzero_pd(), odd = _mm256_setzero_pd();
    int32_t count = 0;
    size_t k = 0;
    for (; k + 1 < length; k += 2) {
      const uint32_t a = 4 * (3 * col[k] + 1 + static_cast<int32_t>(value[k]));
      const uint32_t b = 4 * (3 * col[k + 1] + 1 + static_cast<int32_t>(value[k + 1]));
      place[k] = a;
      place[k + 1] = b;
      even = _mm256_add_pd(even, _mm256_loadu_pd(products + a));
      odd = _mm256_add_pd(odd, _mm256_loadu_pd(products + b));
      if constexpr (kCount) {
        count += mod_out[col[k]] + mod_out[col[k + 1]];
      }
    }
    if (k < length) {
      const uint32_t a = 4 * (3 * col[k] + 1 + static_cast<int32_t>(value[k]));
      place[k] = a;
      even = _mm256_add_pd(even, _mm256_loadu_pd(products + a));
      if constexpr (kCount) {
        count += mod_out[col[k]];
      }
    }
    // An overlay cell adds the difference it makes to the row's centred votes, as in
    // MultiplyRowsAvx2 (the same fused multiply-add into the same chain).
    for (uint32_t i = 0; i < cells; ++i) {
      const size_t c = overlay->col[cell + i];
      const float* e = entries + kEntry * c;
      const int8_t before = overlay->base[cell + i];
      float delta = e[kCentredPass + overlay->value[cell + i]];
      if (before == CellChange::kAbsent) {
        if constexpr (kCount) {
          count += mod_out[c];
        }
      } else {
        delta -= e[kCentredPass + before];
      }
      deltas[i] = delta;
      even = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(e)), _mm256_set1_pd(delta), even);
    }
    if constexpr (kCount) {
      moderated[r] = count;
    }
    const __m256d total = _mm256_add_pd(even, odd);
    if (row_sums != nullptr) {
      _mm256_storeu_pd(row_sums + 4 * static_cast<size_t>(r), total);
    }
    const __m128 sums = _mm256_cvtpd_ps(total);
    // A row's columns are distinct, so two votes never share a place.
    for (k = 0; k + 1 < length; k += 2) {
      float* at = by_value + place[k];
      float* bt = by_value + place[k + 1];
      const __m128 a = _mm_add_ps(_mm_loadu_ps(at), sums);
      const __m128 b = _mm_add_ps(_mm_loadu_ps(bt), sums);
      _mm_storeu_ps(at, a);
      _mm_storeu_ps(bt, b);
    }
    if (k < length) {
      float* at = by_value + place[k];
      _mm_storeu_ps(at, _mm_add_ps(_mm_loadu_ps(at), sums));
    }
    for (uint32_t i = 0; i < cells; ++i) {
      float* at = out + 4 * static_cast<size_t>(overlay->col[cell + i]);
      _mm_storeu_ps(at, _mm_fmadd_ps(sums, _mm_set1_ps(deltas[i]), _mm_loadu_ps(at)));
    }
  }
}

}  // namespace

__attribute__((target("avx2,fma"))) void MultiplyRowsByValueAvx2(
    const VoteMatrix& m, const VoteOverlay* overlay, int32_t begin, int32_t end,
    const double* products, const float* entries, float* by_value, float* out, double* row_sums,
    const uint8_t* mod_out, int32_t* moderated, std::vector<uint32_t>& buffer) {
  if (moderated != nullptr) {
    MultiplyRows<true>(m, overlay, begin, end, products, entries, by_value, out, row_sums, mod_out,
                       moderated, buffer);
  } else {
    MultiplyRows<false>(m, overlay, begin, end, products, entries, by_value, out, row_sums, mod_out,
                        moderated, buffer);
  }
}

__attribute__((target("avx2,fma"))) void FoldValueSums(std::span<const float> entries,
                                                       const float* by_value, float* out) {
  const size_t cols = entries.size() / kEntry;
  for (size_t c = 0; c < cols; ++c) {
    const float* e = entries.data() + kEntry * c + kCentred;
    const float* t = by_value + kPerColumn * c;
    __m128 o = _mm_loadu_ps(out + 4 * c);
    o = _mm_fmadd_ps(_mm_set1_ps(e[0]), _mm_loadu_ps(t), o);
    o = _mm_fmadd_ps(_mm_set1_ps(e[1]), _mm_loadu_ps(t + 4), o);
    o = _mm_fmadd_ps(_mm_set1_ps(e[2]), _mm_loadu_ps(t + 8), o);
    _mm_storeu_ps(out + 4 * c, o);
  }
}

#else

void MultiplyRowsByValueAvx2(const VoteMatrix&, const VoteOverlay*, int32_t, int32_t, const double*,
                             const float*, float*, float*, double*, const uint8_t*, int32_t*,
                             std::vector<uint32_t>&) {}

void FoldValueSums(std::span<const float>, const float*, float*) {}

#endif

}  // namespace plenary::opinion
