#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/column_votes.h"
#include "engines/opinion/gram_product.h"
#include "engines/opinion/vote_matrix.h"

namespace plenary::opinion {

// Two principal components of the mean-imputed, centred working matrix R'.
struct Pca {
  std::vector<double> center;               // mu_c, 0 for moderated-out columns
  std::array<std::vector<double>, 2> axes;  // unit vectors, w1 and w2
  std::array<double, 2> eigenvalues{0, 0};  // of Xc^T Xc
  int iterations = 0;
  // The whole iterated block (axes first, then guard vectors), kept for the next warm start.
  std::vector<std::vector<double>> basis;
  // The basis came straight out of Gram-Schmidt (subspace iteration's last step): a warm start
  // on the same columns and moderation takes it as it is instead of orthonormalising it again.
  bool basis_orthonormal = false;
};

struct PcaOptions {
  int max_iterations = 100;  // Polis's :pca-iters
  // Stop once the axes are within this (Euclidean) of the fixed point: once neither moves by more
  // than this in one iteration, or, when the moves shrink geometrically (each less than half the
  // one before), once the rest of that series is below it. Tolerances from 1e-6 up run in
  // single precision (centred votes and per-comment tables; sums in double).
  double tolerance = 1e-5;
  uint64_t seed = 0x706f6c6973;  // cold-start vector; Polis's is unseeded
  int threads = 2;
  // Vectors iterated together (2 axes + guards). Guards make the two axes converge at the rate
  // lambda_{block+1} / lambda_2 instead of lambda_3 / lambda_2; 2 is plain power iteration.
  int block = 4;
  // LOBPCG (block + residuals + search directions) drives the block until the axes move less
  // than this, within at most `accelerated_iterations` passes; subspace iteration then goes on
  // to `tolerance`. Used when there are more than 3 x block columns.
  double accelerate_until = 1e-4;
  int accelerated_iterations = 30;
  // An incremental update (a warm start after a batch of at most `small_batch` x the votes)
  // refines the axes by at most this many iterations; the next updates carry on from there, as
  // a streaming power iteration does. Larger batches iterate to `tolerance`.
  int incremental_iterations = 1;
  double small_batch = 0.1;
  // A full update's LOBPCG keeps the rows' products with its block (ComputePca's `projection`)
  // up to this many rows: five arrays of 32 bytes a row, combined at every iteration, which stay
  // in the cache up to ~128k rows (4 MB each). Beyond, one projection pass over the votes costs
  // less (1M_x_10k: the combinations took ~0.2 s, the pass 0.13-0.17 s).
  int32_t tracked_rows = 1 << 17;
};

// The rows' projections onto the axes as computed by an incremental update's pass: row i's dot
// product with axis a is sum_j rows.sums[i * rows.stride + j] * coefficients[a][j].
struct RowProjection {
  RowSums rows;
  std::array<std::vector<double>, 2> coefficients;
};

// mu_c: the mean of column c's observed votes, 0 for moderated-out or unvoted columns.
std::vector<double> ColumnMeans(const ColumnTotals& totals, std::span<const uint8_t> mod_out);

// Power iteration for two components of Xc, where Xc_ic = R_ic - mu_c on observed cells of
// columns not moderated out and 0 elsewhere, in O(nnz) per iteration and never densified: a
// block of vectors advances together (one pass computes Xc^T Xc W, gram_product.h), driven by
// LOBPCG first (lobpcg.h) when there are at least 4 passes to spend, then by subspace iteration
// (a Rayleigh-Ritz step and Gram-Schmidt per pass) to the tolerance. Its fixed point is Polis's
// (power iteration with deflation): the top two eigenvectors. `warm` (the previous update's block;
// new comments padded with 1, as Polis does) replaces the seeded random start when given. Each
// axis's sign is fixed so that its largest entry is positive. `comment_ids` seed the start per
// comment, so it is independent of order.
//
// With `projection`, an incremental update (warm, one pass at most) does its pass differently,
// so that it projects the rows on the way: the axes reported are the Ritz vectors of the warm
// block for the new matrix (its best approximations within that block), their projections are
// kept in `projection` (see ProjectFromRows), and the block moves on by one subspace-iteration
// step (`basis`) for the next update. A full update that LOBPCG brings to the tolerance by
// itself leaves the rows' products with its final block there (lobpcg.h: combined from the
// passes' row sums as the block is; the axes reported are the same), on matrices of at most
// `options.tracked_rows` rows. Otherwise `projection->rows.sums` is left empty.
//
// `overlay` (when not null): cells that replace or add to the matrix's (vote_overlay.h); the
// votes are the merged ones. `columns` (when not null): the matrix's votes by column, for its
// passes in two halves (gram_columns.h); the result differs only in the last bits.
Pca ComputePca(const VoteMatrix& matrix, std::vector<double> center,
               std::span<const uint8_t> mod_out, std::span<const int64_t> comment_ids,
               const Pca* warm, const PcaOptions& options, RowProjection* projection = nullptr,
               const VoteOverlay* overlay = nullptr, ColumnVotes* columns = nullptr);

}  // namespace plenary::opinion
