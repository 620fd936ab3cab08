#include "engines/opinion/gram_rows_avx2.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PLENARY_GRAM_AVX2 1
#endif

namespace plenary::opinion {

#ifdef PLENARY_GRAM_AVX2

bool HasAvx2Fma() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

// The functions below carry the target attribute (the file is compiled for the baseline): only
// they use AVX2, and only after HasAvx2Fma().
__attribute__((target("avx2,fma"))) void MultiplyRowsAvx2(
    const VoteMatrix& m, int32_t begin, int32_t end, const float* table, const double* mu,
    float* out, float* x, bool centred, double* row_sums, const uint8_t* mod_out,
    int32_t* moderated, std::vector<float>& buffer) {
  const uint32_t* all_cols = m.col.data();
  const int8_t* all_values = m.value.data();
  for (int32_t r = begin; r < end; ++r) {
    const uint64_t first = m.row_start[r];
    const size_t length = m.row_start[r + 1] - first;
    const uint32_t* col = all_cols + first;
    float* xs = x != nullptr ? x + first : nullptr;
    if (xs == nullptr) {
      buffer.resize(length);
      xs = buffer.data();
    }
    if (!centred) {
      const int8_t* value = all_values + first;
      if (moderated != nullptr) {
        int32_t count = 0;
        for (size_t k = 0; k < length; ++k) {
          xs[k] = static_cast<float>(value[k] - mu[col[k]]);
          count += mod_out[col[k]];
        }
        moderated[r] = count;
      } else {
        for (size_t k = 0; k < length; ++k) {
          xs[k] = static_cast<float>(value[k] - mu[col[k]]);
        }
      }
    } else if (moderated != nullptr) {
      int32_t count = 0;
      for (size_t k = 0; k < length; ++k) {
        count += mod_out[col[k]];
      }
      moderated[r] = count;
    }
    // Even and odd votes in separate sums: two dependency chains instead of one. (Four chains:
    // no faster; the loop waits on the table's loads, not on the multiply-adds.)
    __m256d even = _mm256_setzero_pd(), odd = _mm256_setzero_pd();
    size_t k = 0;
    for (; k + 1 < length; k += 2) {
      const __m256d a = _mm256_cvtps_pd(_mm_loadu_ps(table + 4 * static_cast<size_t>(col[k])));
      const __m256d b = _mm256_cvtps_pd(_mm_loadu_ps(table + 4 * static_cast<size_t>(col[k + 1])));
      even = _mm256_fmadd_pd(a, _mm256_set1_pd(xs[k]), even);
      odd = _mm256_fmadd_pd(b, _mm256_set1_pd(xs[k + 1]), odd);
    }
    if (k < length) {
      const __m256d a = _mm256_cvtps_pd(_mm_loadu_ps(table + 4 * static_cast<size_t>(col[k])));
      even = _mm256_fmadd_pd(a, _mm256_set1_pd(xs[k]), even);
    }
    const __m256d total = _mm256_add_pd(even, odd);
    if (row_sums != nullptr) {
      _mm256_storeu_pd(row_sums + 4 * static_cast<size_t>(r), total);
    }
    const __m128 sums = _mm256_cvtpd_ps(total);
    for (k = 0; k < length; ++k) {
      float* at = out + 4 * static_cast<size_t>(col[k]);
      _mm_storeu_ps(at, _mm_fmadd_ps(sums, _mm_set1_ps(xs[k]), _mm_loadu_ps(at)));
    }
  }
}

#else

bool HasAvx2Fma() {
  return false;
}

void MultiplyRowsAvx2(const VoteMatrix&, int32_t, int32_t, const float*, const double*, float*,
                      float*, bool, double*, const uint8_t*, int32_t*, std::vector<float>&) {}

#endif

}  // namespace plenary::opinion
