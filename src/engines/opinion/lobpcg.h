#pragma once

#include <cstdint>
#include <span>

#include "engines/opinion/dense_block.h"
#include "engines/opinion/pca.h"
#include "engines/opinion/vote_matrix.h"

namespace plenary::opinion {

// LOBPCG (Knyazev) for the top eigenvectors of Xc^T Xc (see ComputePca), from the orthonormal
// block x: Rayleigh-Ritz over the block, its residuals A x - x theta and the previous search
// directions, one pass over the votes (A r) per iteration; the first pass computes A x. It
// reaches the top eigenvectors in far fewer passes than subspace iteration, but its images (A
// times the basis, updated by combination) drift from the basis near convergence, so it stops
// once the axes move less than `options.accelerate_until` (or after
// `options.accelerated_iterations` passes) and leaves the rest to subspace iteration, which
// recomputes A w at every pass. Returns the block in decreasing Ritz value order; adds its
// passes to pca.iterations and sets pca.eigenvalues; `converged` when the axes moved less than
// `options.tolerance` in the last pass.
Block Lobpcg(const VoteMatrix& matrix, Pca& pca, Block x, std::span<const uint8_t> mod_out,
             const PcaOptions& options, Block& partial, bool& converged);

}  // namespace plenary::opinion
