#include "engines/opinion/nearest_avx2.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PLENARY_NEAREST_AVX2 1
#endif

namespace plenary::opinion {

#ifdef PLENARY_NEAREST_AVX2

bool HasAvx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}

namespace {

constexpr size_t kMost = 256;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The last k < padded with d[k] == value (it is there; padded a multiple of 4, the padding holds
// infinity, which is never the value looked for), four at a time from the end.
__attribute__((target("avx2"))) size_t LastAt(const double* d, size_t padded, double value) {
  const __m256d wanted = _mm256_set1_pd(value);
  size_t k = padded;
  for (;;) {
    k -= 4;
    const int mask = _mm256_movemask_pd(_mm256_cmp_pd(_mm256_load_pd(d + k), wanted, _CMP_EQ_OQ));
    if (mask != 0) {
      return k + 31 - static_cast<size_t>(__builtin_clz(static_cast<unsigned>(mask)));
    }
  }
}

}  // namespace

// Only the functions with the target attribute use AVX2 (the file is compiled for the baseline),
// and "avx2" alone: without "fma" the compiler cannot fuse dx * dx + dy * dy.
// One pass computes the squared distances and keeps each lane's three smallest by a min/max
// network (exact: only comparisons); the three smallest of those twelve are the three smallest
// of all. The nearest is then the last candidate at the smallest distance, the second the last
// other one at the second smallest, as a scan with <= finds them. (Tried before this: three
// passes of vectorised minimums, lanes tracking their minimum's index, and a threshold from the
// lanes' minima with a second pass picking out the candidates under it: all slower.)
__attribute__((target("avx2"))) NearestSquared NearestThreeAvx2(double px, double py,
                                                                const double* x, const double* y,
                                                                size_t count) {
  alignas(32) double d[kMost + 4];
  const size_t full = count & ~size_t{3};
  const size_t padded = (count + 3) & ~size_t{3};
  for (size_t k = full; k < padded; ++k) {
    const double dx = k < count ? px - x[k] : 0, dy = k < count ? py - y[k] : 0;
    d[k] = k < count ? dx * dx + dy * dy : kInfinity;
  }
  const __m256d vx = _mm256_set1_pd(px), vy = _mm256_set1_pd(py);
  __m256d first = _mm256_set1_pd(kInfinity), second = first, third = first;
  for (size_t k = 0; k < padded; k += 4) {
    __m256d v;
    if (k < full) {
      const __m256d dx = _mm256_sub_pd(vx, _mm256_loadu_pd(x + k));
      const __m256d dy = _mm256_sub_pd(vy, _mm256_loadu_pd(y + k));
      v = _mm256_add_pd(_mm256_mul_pd(dx, dx), _mm256_mul_pd(dy, dy));
      _mm256_store_pd(d + k, v);
    } else {
      v = _mm256_load_pd(d + k);
    }
    const __m256d up = _mm256_max_pd(first, v);
    first = _mm256_min_pd(first, v);
    const __m256d up2 = _mm256_max_pd(second, up);
    second = _mm256_min_pd(second, up);
    third = _mm256_min_pd(third, up2);
  }
  alignas(32) double lanes[12];
  _mm256_store_pd(lanes, first);
  _mm256_store_pd(lanes + 4, second);
  _mm256_store_pd(lanes + 8, third);
  double v1 = kInfinity, v2 = kInfinity, v3 = kInfinity;
  for (const double v : lanes) {
    const double up = std::max(v1, v);
    v1 = std::min(v1, v);
    const double up2 = std::max(v2, up);
    v2 = std::min(v2, up);
    v3 = std::min(v3, up2);
  }
  NearestSquared n;
  n.best_squared = v1;
  n.best = LastAt(d, padded, v1);
  n.second_squared = v2;
  if (!(v2 < kInfinity)) {
    n.second = count;
    n.third_squared = kInfinity;
    return n;
  }
  if (v2 == v1) {
    size_t k = n.best - 1;  // another candidate at the same distance comes before the last
    while (d[k] != v2) {
      --k;
    }
    n.second = k;
  } else {
    n.second = LastAt(d, padded, v2);
  }
  n.third_squared = v3;
  return n;
}

// The squared distances into a buffer with their minimum (two sets of lanes: two short
// dependency chains), then the last index at that minimum, found from the end four at a time.
__attribute__((target("avx2"))) size_t NearestAvx2(double px, double py, const double* x,
                                                   const double* y, size_t count) {
  alignas(32) double d[kMost + 8];
  const __m256d vx = _mm256_set1_pd(px), vy = _mm256_set1_pd(py);
  __m256d low_a = _mm256_set1_pd(kInfinity), low_b = low_a;
  size_t k = 0;
  for (; k + 8 <= count; k += 8) {
    const __m256d dxa = _mm256_sub_pd(vx, _mm256_loadu_pd(x + k));
    const __m256d dya = _mm256_sub_pd(vy, _mm256_loadu_pd(y + k));
    const __m256d dxb = _mm256_sub_pd(vx, _mm256_loadu_pd(x + k + 4));
    const __m256d dyb = _mm256_sub_pd(vy, _mm256_loadu_pd(y + k + 4));
    const __m256d da = _mm256_add_pd(_mm256_mul_pd(dxa, dxa), _mm256_mul_pd(dya, dya));
    const __m256d db = _mm256_add_pd(_mm256_mul_pd(dxb, dxb), _mm256_mul_pd(dyb, dyb));
    _mm256_store_pd(d + k, da);
    _mm256_store_pd(d + k + 4, db);
    low_a = _mm256_min_pd(low_a, da);
    low_b = _mm256_min_pd(low_b, db);
  }
  const __m256d low = _mm256_min_pd(low_a, low_b);
  const __m128d half = _mm_min_pd(_mm256_castpd256_pd128(low), _mm256_extractf128_pd(low, 1));
  double best = std::min(_mm_cvtsd_f64(half), _mm_cvtsd_f64(_mm_unpackhi_pd(half, half)));
  for (; k < count; ++k) {
    const double dx = px - x[k], dy = py - y[k];
    d[k] = dx * dx + dy * dy;
    best = std::min(best, d[k]);
  }
  const size_t padded = (count + 3) & ~size_t{3};
  for (k = count; k < padded; ++k) {
    d[k] = kInfinity;
  }
  return LastAt(d, padded, best);
}

__attribute__((target("avx2"))) void HalfGapsAvx2(const double* x, const double* y, size_t count,
                                                  double* half_gap) {
  for (size_t a = 0; a < count; ++a) {
    const __m256d ax = _mm256_set1_pd(x[a]), ay = _mm256_set1_pd(y[a]);
    __m256d low = _mm256_set1_pd(kInfinity);
    size_t b = 0;
    for (; b + 4 <= count; b += 4) {
      const __m256d dx = _mm256_sub_pd(ax, _mm256_loadu_pd(x + b));
      const __m256d dy = _mm256_sub_pd(ay, _mm256_loadu_pd(y + b));
      __m256d squared = _mm256_add_pd(_mm256_mul_pd(dx, dx), _mm256_mul_pd(dy, dy));
      if (a >= b && a < b + 4) {
        // Leave the point itself out.
        const __m256i lanes = _mm256_setr_epi64x(0, 1, 2, 3);
        const __m256i self =
            _mm256_cmpeq_epi64(lanes, _mm256_set1_epi64x(static_cast<int64_t>(a - b)));
        squared = _mm256_blendv_pd(squared, _mm256_set1_pd(kInfinity), _mm256_castsi256_pd(self));
      }
      low = _mm256_min_pd(squared, low);
    }
    const __m128d half = _mm_min_pd(_mm256_castpd256_pd128(low), _mm256_extractf128_pd(low, 1));
    double nearest = std::min(_mm_cvtsd_f64(half), _mm_cvtsd_f64(_mm_unpackhi_pd(half, half)));
    for (; b < count; ++b) {
      const double dx = x[a] - x[b], dy = y[a] - y[b];
      nearest = std::min(nearest, b == a ? kInfinity : dx * dx + dy * dy);
    }
    half_gap[a] = 0.5 * std::sqrt(nearest);
  }
}

#else

bool HasAvx2() {
  return false;
}

NearestSquared NearestThreeAvx2(double, double, const double*, const double*, size_t) {
  return {};
}

size_t NearestAvx2(double, double, const double*, const double*, size_t) {
  return 0;
}

void HalfGapsAvx2(const double*, const double*, size_t, double*) {}

#endif

}  // namespace plenary::opinion
