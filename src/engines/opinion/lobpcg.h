#pragma once

#include <cstdint>
#include <span>

#include "engines/opinion/dense_block.h"
#include "engines/opinion/gram_product.h"
#include "engines/opinion/pca.h"
#include "engines/opinion/vote_matrix.h"

namespace plenary::opinion {

// How far the axes moved in each pass, to tell when they have converged.
struct Convergence {
  double last = 0;      // the latest move (Euclidean, the larger of the two axes)
  double previous = 0;  // the one before, 0 when there is none

  // Records a move; true once the axes are within `tolerance` of the fixed point: they moved
  // less than that, or the moves shrink geometrically (ratio q < 1/2) and the rest of the series,
  // last * q / (1 - q), is below it.
  bool Record(double moved, double tolerance);
};

// LOBPCG (Knyazev) for the top eigenvectors of Xc^T Xc (see ComputePca), from the block x:
// Rayleigh-Ritz over the block, its residuals A x - x theta and the previous search directions,
// one pass over the votes (A r) per iteration; the first pass computes A x. The Rayleigh-Ritz
// step works from the small Gram matrices of that basis (S^T S and S^T A S), not from an
// explicitly orthonormalised basis. One sweep over the basis (ritz_sweep.h) combines it into the
// next block, directions and residuals and takes the next basis's Gram matrices on the way; after
// the next pass only the residuals' products with their images remain. The residuals are taken
// against the Ritz values, and x^T A r as (A x)^T r (A is symmetric). It reaches the top
// eigenvectors in far fewer passes than subspace iteration, but its images (A times the basis,
// updated by combination) drift from the basis near convergence, so it stops once the axes move
// less than `options.accelerate_until` (or after `options.accelerated_iterations` passes) and
// leaves the rest to subspace iteration, which recomputes A w at every pass. Returns the block in
// decreasing Ritz value order; adds its passes to pca.iterations and sets pca.eigenvalues;
// `converged` when `convergence` says so after the last pass. `overlay`: as ComputePca's.
// With `rows`, the rows' products with the returned block are left in rows->sums (and their votes
// in moderated-out columns in rows->moderated, as rows->moderated_count says): the first pass
// keeps each row's products with x, each pass those with the residuals, and they are combined
// with the Ritz coefficients as the images are (X (s v) = (X s) v), so that the block's
// projections need no pass of their own.
Block Lobpcg(const VoteMatrix& matrix, const VoteOverlay* overlay, Pca& pca, Block x,
             std::span<const uint8_t> mod_out, const PcaOptions& options, GramScratch& scratch,
             bool single, Convergence& convergence, bool& converged, RowSums* rows = nullptr);

}  // namespace plenary::opinion
