#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/column_votes.h"
#include "engines/opinion/dense_block.h"
#include "engines/opinion/gram_rows_avx2.h"
#include "engines/opinion/vote_overlay.h"

namespace plenary::opinion {

// The single-precision Gram product Xc^T Xc w of a block of up to 4 vectors (GramProduct's) in
// two halves over `columns`, which describes the matrix (or the matrix before rows and columns
// without votes were added to it: ColumnVotes::Describes). First each row's
// sums s_r = x_r . w: a vote adds its cell's products w_c (v - center_c), 4 floats from a table
// of 3 entries a column. Then each column's sums: a vote of value v adds its row's s_r into the
// sum for (c, v), and y_c = sum over v of (v - center_c) times those sums. Every vote is a
// 16-byte read from a table in the cache, added without a multiply in four independent chains;
// the row kernel's scatter (a read and a write of the column's sums a vote) and its per block
// tables, added at the end, are gone. Each row's and each column's sums are taken by one task,
// so the result does not depend on the number of threads. Both halves sum in single precision
// (as the row kernel's per column tables do; the row kernel's row sums are double), and y weighs
// each column's three sums in double.
// `overlay`, when not null: cells that replace or add to the matrix's (vote_overlay.h); a row's
// sums take the differences its cells make after its matrix votes, and y their products with
// their rows' sums, in the overlay's order by one task beside those of the columns (a batch is
// small), added to y last.
// `row_sums`, when not null, receives s (4 doubles per row); `moderated`, when not null, each
// row's votes in columns with mod_out[c] != 0 as `count` says (gram_rows_avx2.h). Returns y
// (w.size() vectors, w.size() <= 4).
Block MultiplyByColumns(ColumnVotes& columns, const VoteMatrix& m, const VoteOverlay* overlay,
                        std::span<const double> center, const Block& w,
                        std::span<const uint8_t> mod_out, int threads, double* row_sums,
                        ModeratedCount count, int32_t* moderated);

}  // namespace plenary::opinion
