#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/column_votes.h"
#include "engines/opinion/dense_block.h"
#include "engines/opinion/gram_columns.h"
#include "engines/opinion/gram_rows_avx2.h"
#include "engines/opinion/vote_matrix.h"
#include "engines/opinion/vote_overlay.h"

namespace plenary::opinion {

// Memory kept from one Gram product to the next: the per row block partial sums.
struct GramScratch {
  std::vector<std::vector<float>> single;
  std::vector<std::vector<double>> precise;
  // Whether a single-precision pass over a matrix of few columns may read the votes' products by
  // column and value (MultiplyRowsByValueAvx2); tests turn it off to run the other kernel there.
  bool by_value = true;
  // The matrix's votes by column (column_votes.h), when the caller keeps them: a single-precision
  // pass of up to 4 vectors then runs in two halves (gram_columns.h).
  ColumnVotes* columns = nullptr;
};

// Each row's sums x_i . w_j (the projection of the row onto the block) and its votes in
// moderated-out columns (an overlay's included), which a Gram product can keep on the way
// (`GramProduct`'s `rows`).
struct RowSums {
  int stride = 0;            // sums per row (4 or 8; the block's vectors first)
  std::vector<double> sums;  // rows x stride
  std::vector<int32_t> moderated;
  // What the pass counts into `moderated` (gram_rows_avx2.h): every vote (the default; it sizes
  // `moderated`), or the overlay's added cells alone, added to the matrix's counts the caller put
  // there (one per row), or nothing when the caller's counts are whole.
  ModeratedCount moderated_count = ModeratedCount::kAll;
};

// Xc^T Xc w for a block of up to 8 vectors in one pass over the votes, where Xc_ic = R_ic -
// center_c on observed cells and 0 elsewhere; moderated-out columns of the result are zeroed.
// With `single`, the centred votes and the per-comment tables (w and the partial sums) are held
// in single precision, half the cache footprint; row sums and the final sums stay in double, so the
// result is within about 1e-7 (relative) of the exact product. The result does not depend on the
// number of threads. With `rows`, each row's sums x_i . w (computed anyway) are kept there, every
// row's written (what the memory held before is overwritten, never read).
// With `overlay` (cells that replace or add to the matrix's, vote_overlay.h), the product is
// that of the merged votes, up to the order of the sums (the overlay's cells come after the
// row's other votes); its votes are centred at every pass then.
Block GramProduct(const VoteMatrix& m, const std::vector<double>& center, const Block& w,
                  std::span<const uint8_t> mod_out, int threads, GramScratch& scratch, bool single,
                  RowSums* rows = nullptr, const VoteOverlay* overlay = nullptr);

}  // namespace plenary::opinion
