#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/vote_matrix.h"
#include "engines/opinion/vote_overlay.h"

namespace plenary::opinion {

// A Gram product's pass that no later pass follows (an incremental update's one pass) reads each
// vote through its centring entry (gram_rows_avx2.h); this form of the same pass sums by vote
// value instead. A vote's 4 products w_c float(v - center_c) take 3 values per column, so they are
// tabled (`ValueProducts`) and the row sums add them (no conversion, no multiply); and since
// x_c s_i depends on the vote only through v, each row's sums s_i are added into by_value[c][v]
// and multiplied by float(v - center_c) once per column at the end (`FoldValueSums`) instead of
// once per vote. The row sums are MultiplyRowsAvx2's bit for bit (a product of two floats is
// exact in double, so adding it rounds as the fused multiply-add did); the columns' sums are the
// same sums added in another order (within ~1e-7, relative).

// The products of CentringEntries' `entries` (8 floats per column): for each column c and vote
// v = -1, 0, 1, the block's 4 values times the centred vote, in double (exact): 12 doubles per
// column, [c][v + 1][j].
std::vector<double> ValueProducts(std::span<const float> entries);

// The pass over rows [begin, end) of `m` (votes -1, 0 or 1), summing by value: each row's sums
// s = x . w (double, even and odd votes in two chains, then its `overlay` cells, as
// MultiplyRowsAvx2) go to `row_sums` when not null (4 doubles per row), and float(s) is added
// into by_value[c][v + 1] (4 floats each, 12 per column, zero at the start) for each vote; an
// overlay cell adds float(s) times the change it makes to the centred votes into `out` (4 floats
// per column). `moderated`, when not null, receives each row's votes in columns with
// mod_out[c] != 0. `buffer` is scratch. Call only when HasAvx2Fma().
void MultiplyRowsByValueAvx2(const VoteMatrix& m, const VoteOverlay* overlay, int32_t begin,
                             int32_t end, const double* products, const float* entries,
                             float* by_value, float* out, double* row_sums, const uint8_t* mod_out,
                             int32_t* moderated, std::vector<uint32_t>& buffer);

// out_c += float(v - center_c) by_value[c][v + 1] for v = -1, 0, 1 in that order (fused,
// single precision), for every column: the votes' share of the product.
void FoldValueSums(std::span<const float> entries, const float* by_value, float* out);

}  // namespace plenary::opinion
