#pragma once

#include <cstdint>
#include <vector>

#include "engines/opinion/vote_matrix.h"

namespace plenary::opinion {

// True when the processor runs AVX2 and FMA (checked once).
bool HasAvx2Fma();

// The single-precision Gram product of a block of 4 vectors over rows [begin, end) (see
// GramProduct): for each row, x = its centred votes (read from `x` when `centred`, otherwise
// computed from `mu` and written to `x` when it is not null), s = x . w from `table` (4 floats per
// column) summed in double, then x_c s added into `out` (4 floats per column); `row_sums`, when
// not null, receives s (4 doubles per row, indexed by row), and `moderated`, when not null, each
// row's votes in columns with mod_out[c] != 0 (indexed by row; counted in the same loop as the
// centring when the votes are not yet centred). With AVX2 and FMA: a vote's 4 products in one
// instruction instead of 4, fused multiply-adds (so the last bits can differ from the portable
// kernel's). Call only when HasAvx2Fma().
void MultiplyRowsAvx2(const VoteMatrix& m, int32_t begin, int32_t end, const float* table,
                      const double* mu, float* out, float* x, bool centred, double* row_sums,
                      const uint8_t* mod_out, int32_t* moderated, std::vector<float>& buffer);

}  // namespace plenary::opinion
