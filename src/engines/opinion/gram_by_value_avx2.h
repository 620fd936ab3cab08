#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/dense_block.h"
#include "engines/opinion/gram_rows_avx2.h"
#include "engines/opinion/vote_matrix.h"
#include "engines/opinion/vote_overlay.h"

namespace plenary::opinion {

// Floats per column in ValueProducts' table and in MultiplyRowsByValueAvx2's sums: four slots of
// four, one per vote value (slot v + 1 for v = -1, 0, 1; slot 3 unused, zero).
inline constexpr int kByValueStride = 16;

// Per column c and vote value v, the centred vote's products with the block (up to 4 vectors; 0
// past the block): float((v - center_c) * w_j[c]), computed in double and rounded once.
std::vector<float> ValueProducts(std::span<const double> center, const Block& w);

// The Gram product's pass of MultiplyRowsAvx2 (same arguments and row sums), with the multiply-adds
// moved out of the loop over the votes. A vote's centred value depends only on its column and
// value, so s = x . w is the sum of the votes' entries in `products` (ValueProducts; in double),
// and x_c s is added per column and value: `out` (kByValueStride floats per column) gets the row's
// s, as floats, in the vote's value slot. The caller then forms y_c = sum over v of (v - center_c)
// times slot v's sums (once per column, not per vote). A vote costs a load and an addition each
// way, against a broadcast, a conversion and a multiply-add each way, and its slot offset is
// computed once for both halves. The tables take four times the memory per column: meant for
// matrices whose columns fit them in the cache (see GramProduct; the slots' byte offsets are
// 32-bit, so fewer than 2^26 columns in any case).
//
// An overlay cell that replaces a vote of the matrix adds its new value's entry and takes off
// its old one's (the matrix's vote added the old), both ways. Call only when HasAvx2Fma().
void MultiplyRowsByValueAvx2(const VoteMatrix& m, const VoteOverlay* overlay, int32_t begin,
                             int32_t end, const float* products, float* out, double* row_sums,
                             const uint8_t* mod_out, int32_t* moderated, ModeratedCount count,
                             std::vector<uint32_t>& buffer);

}  // namespace plenary::opinion
