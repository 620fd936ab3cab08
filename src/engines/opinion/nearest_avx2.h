#pragma once

#include <cstddef>

namespace plenary::opinion {

// True when the processor runs AVX2 (checked once).
bool HasAvx2();

// The three nearest of `count` candidates (coordinates x[k], y[k]) to (px, py), by squared
// distance (dx * dx + dy * dy, the same operations as the portable scan: no fused multiply-add,
// so the same values bit for bit): `best` and `second` are the last candidates at the smallest
// and second smallest distance (ties go to the later one), `second` is count when there is one
// candidate only; `third` is the third smallest (infinity when there is none). 0 < count <= 256.
// Call only when HasAvx2().
struct NearestSquared {
  size_t best = 0, second = 0;
  double best_squared = 0, second_squared = 0, third_squared = 0;
};
NearestSquared NearestThreeAvx2(double px, double py, const double* x, const double* y,
                                size_t count);

// The last of `count` candidates (coordinates x[k], y[k]) at the smallest squared distance to
// (px, py), by the same operations as a portable scan with <= (no fused multiply-add).
// 0 < count <= 256. Call only when HasAvx2().
size_t NearestAvx2(double px, double py, const double* x, const double* y, size_t count);

// Half the distance from each of `count` points (x[a], y[a]) to its nearest other one, written
// to half_gap[a] (infinity for a single point); the minimum is taken over the same squared
// distances as a portable loop. Call only when HasAvx2().
void HalfGapsAvx2(const double* x, const double* y, size_t count, double* half_gap);

}  // namespace plenary::opinion
