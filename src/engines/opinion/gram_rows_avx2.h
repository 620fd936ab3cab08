#pragma once

#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "engines/opinion/dense_block.h"
#include "engines/opinion/vote_matrix.h"
#include "engines/opinion/vote_overlay.h"

namespace plenary::opinion {

// What a Gram pass counts of each row's votes in moderated-out columns (RowSums' `moderated`).
enum class ModeratedCount {
  kAll,         // the row's votes, the overlay's added cells included: written
  kAddOverlay,  // the overlay's added cells alone, added to the count there (the matrix's)
  kNone,        // nothing: the counts are there already
};

// Calls kernel(std::integral_constant<ModeratedCount, count>()): the row kernels take the count
// as a template argument, so that their loops carry only what it asks for.
template <typename Kernel>
void ForModeratedCount(ModeratedCount count, const Kernel& kernel) {
  switch (count) {
    case ModeratedCount::kAll:
      kernel(std::integral_constant<ModeratedCount, ModeratedCount::kAll>());
      break;
    case ModeratedCount::kAddOverlay:
      kernel(std::integral_constant<ModeratedCount, ModeratedCount::kAddOverlay>());
      break;
    case ModeratedCount::kNone:
      kernel(std::integral_constant<ModeratedCount, ModeratedCount::kNone>());
      break;
  }
}

// True when the processor runs AVX2 and FMA (checked once).
bool HasAvx2Fma();

// The entries MultiplyRowsAvx2 reads for votes not centred yet: per column, the block's values
// (up to 4 vectors, as floats; 0 past the block), then float(v - center_c) for v = -1, 0 and 1
// (as a plain centring computes them), then 0.
std::vector<float> CentringEntries(std::span<const double> center, const Block& w);

// The single-precision Gram product of a block of 4 vectors over rows [begin, end) (see
// GramProduct): for each row, x = its centred votes, s = x . w summed in double, then x_c s added
// into `out` (4 floats per column). w and the centred votes both come from `entries` (8 floats per
// column: w's 4, then float(v - center_c) for a disagree, a pass and an agree, then a pad;
// CentringEntries), so that a vote reads one line for both. Vote values are -1, 0 or 1.
// `overlay`, when not null, holds cells that replace or add to the matrix's (vote_overlay.h).
// `row_sums`, when not null, receives s (4 doubles per row, indexed by row), and `moderated`
// (indexed by row) each row's votes in columns with mod_out[c] != 0 as `count` says. With AVX2 and
// FMA: a vote's 4 products in one instruction instead of 4, fused multiply-adds (so the last bits
// can differ from the portable kernel's). Call only when HasAvx2Fma().
//
// The centred votes are not kept from one pass to the next: a vote's centred value is read from
// the line its w comes from anyway, and an array of them (4 bytes a vote) in fresh memory cost
// more in page faults than all the passes it saved (100k_x_2k: the PCA 175 -> 37 ms).
void MultiplyRowsAvx2(const VoteMatrix& m, const VoteOverlay* overlay, int32_t begin, int32_t end,
                      const float* entries, float* out, double* row_sums, const uint8_t* mod_out,
                      int32_t* moderated, ModeratedCount count, std::vector<float>& buffer);

}  // namespace plenary::opinion
