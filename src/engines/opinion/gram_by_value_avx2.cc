#include "engines/opinion/gram_by_value_avx2.h"

#include <algorithm>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PLENARY_GRAM_BY_VALUE_AVX2 1
#endif

namespace plenary::opinion {

std::vector<float> ValueProducts(std::span<const double> center, const Block& w) {
  std::vector<float> products(kByValueStride * center.size(), 0.0f);
  const size_t size = std::min<size_t>(w.size(), 4);
  for (size_t c = 0; c < center.size(); ++c) {
    for (int v = -1; v <= 1; ++v) {
      float* slot = products.data() + kByValueStride * c + 4 * (v + 1);
      for (size_t j = 0; j < size; ++j) {
        slot[j] = static_cast<float>((v - center[c]) * w[j][c]);
      }
    }
  }
  return products;
}

#ifdef PLENARY_GRAM_BY_VALUE_AVX2

namespace {

// The byte offset of column c's slot for value v in the tables (16 bytes a slot, 4 a column).
inline uint32_t SlotOffset(uint32_t c, int v) {
  return (4 * c + static_cast<uint32_t>(v + 1)) * 16;
}

// One vote's share of a row's sums: its slot's products (offset kept in `at`) added to `sums`.
template <ModeratedCount kCount>
__attribute__((target("avx2,fma"), always_inline)) inline __m256d GatherValue(
    const char* products, uint32_t c, int8_t v, uint32_t* at, const uint8_t* mod_out,
    int32_t& count, __m256d sums) {
  const uint32_t offset = SlotOffset(c, v);
  *at = offset;
  if constexpr (kCount == ModeratedCount::kAll) {
    count += mod_out[c];
  }
  return _mm256_add_pd(
      _mm256_cvtps_pd(_mm_loadu_ps(reinterpret_cast<const float*>(products + offset))), sums);
}

// Adds (sign +1) or takes off (-1) the row's sums at a slot of `out`.
template <int kSign = 1>
__attribute__((target("avx2,fma"), always_inline)) inline void ScatterValue(char* out,
                                                                            uint32_t offset,
                                                                            __m128 sums) {
  float* at = reinterpret_cast<float*>(out + offset);
  const __m128 before = _mm_loadu_ps(at);
  _mm_storeu_ps(at, kSign > 0 ? _mm_add_ps(before, sums) : _mm_sub_ps(before, sums));
}

template <ModeratedCount kCount>
__attribute__((target("avx2,fma"))) void MultiplyRows(const VoteMatrix& m,
                                                      const VoteOverlay* overlay, int32_t begin,
                                                      int32_t end, const float* product_floats,
                                                      float* out_floats, double* row_sums,
                                                      const uint8_t* mod_out, int32_t* moderated,
                                                      std::vector<uint32_t>& buffer) {
  const char* products = reinterpret_cast<const char*>(product_floats);
  char* out = reinterpret_cast<char*>(out_floats);
  const uint32_t* all_cols = m.col.data();
  const int8_t* all_values = m.value.data();
  for (int32_t r = begin; r < end; ++r) {
    const uint64_t first = m.row_start[r];
    const size_t length = m.row_start[r + 1] - first;
    const uint32_t* col = all_cols + first;
    const int8_t* value = all_values + first;
    const uint32_t cell = overlay != nullptr ? overlay->row_start[r] : 0;
    const uint32_t cells = overlay != nullptr ? overlay->row_start[r + 1] - cell : 0;
    if (buffer.size() < length) {
      buffer.resize(length);  // (only grows: see MultiplyRowsAvx2)
    }
    uint32_t* at = buffer.data();
    // Even and odd votes in two chains, four votes a turn (as MultiplyRowsAvx2).
    __m256d even = _mm256_setzero_pd(), odd = _mm256_setzero_pd();
    int32_t count = 0;
    size_t k = 0;
    for (; k + 3 < length; k += 4) {
      even = GatherValue<kCount>(products, col[k], value[k], at + k, mod_out, count, even);
      odd =
          GatherValue<kCount>(products, col[k + 1], value[k + 1], at + k + 1, mod_out, count, odd);
      even =
          GatherValue<kCount>(products, col[k + 2], value[k + 2], at + k + 2, mod_out, count, even);
      odd =
          GatherValue<kCount>(products, col[k + 3], value[k + 3], at + k + 3, mod_out, count, odd);
    }
    for (; k < length; ++k) {
      __m256d& chain = (k & 1) != 0 ? odd : even;
      chain = GatherValue<kCount>(products, col[k], value[k], at + k, mod_out, count, chain);
    }
    // The overlay's cells: the new value's products in, the replaced vote's out.
    for (uint32_t i = 0; i < cells; ++i) {
      const uint32_t c = overlay->col[cell + i];
      const int8_t before = overlay->base[cell + i];
      const auto* now =
          reinterpret_cast<const float*>(products + SlotOffset(c, overlay->value[cell + i]));
      even = _mm256_add_pd(_mm256_cvtps_pd(_mm_loadu_ps(now)), even);
      if (before == CellChange::kAbsent) {
        if constexpr (kCount != ModeratedCount::kNone) {
          count += mod_out[c];
        }
      } else {
        const auto* old = reinterpret_cast<const float*>(products + SlotOffset(c, before));
        even = _mm256_sub_pd(even, _mm256_cvtps_pd(_mm_loadu_ps(old)));
      }
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
    for (k = 0; k + 3 < length; k += 4) {
      ScatterValue(out, at[k], sums);
      ScatterValue(out, at[k + 1], sums);
      ScatterValue(out, at[k + 2], sums);
      ScatterValue(out, at[k + 3], sums);
    }
    for (; k < length; ++k) {
      ScatterValue(out, at[k], sums);
    }
    for (uint32_t i = 0; i < cells; ++i) {
      const uint32_t c = overlay->col[cell + i];
      const int8_t before = overlay->base[cell + i];
      ScatterValue(out, SlotOffset(c, overlay->value[cell + i]), sums);
      if (before != CellChange::kAbsent) {
        ScatterValue<-1>(out, SlotOffset(c, before), sums);
      }
    }
  }
}

}  // namespace

__attribute__((target("avx2,fma"))) void MultiplyRowsByValueAvx2(
    const VoteMatrix& m, const VoteOverlay* overlay, int32_t begin, int32_t end,
    const float* products, float* out, double* row_sums, const uint8_t* mod_out, int32_t* moderated,
    ModeratedCount count, std::vector<uint32_t>& buffer) {
  ForModeratedCount(count, [&](auto kCount) {
    MultiplyRows<kCount()>(m, overlay, begin, end, products, out, row_sums, mod_out, moderated,
                           buffer);
  });
}

#else

void MultiplyRowsByValueAvx2(const VoteMatrix&, const VoteOverlay*, int32_t, int32_t, const float*,
                             float*, double*, const uint8_t*, int32_t*, ModeratedCount,
                             std::vector<uint32_t>&) {}

#endif

}  // namespace plenary::opinion
