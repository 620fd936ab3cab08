#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "engines/opinion/dense_block.h"

namespace plenary::opinion {

// What one read of a LOBPCG basis gives (SweepRitz): the new block x = s v, its images
// ax = (A s) v, the search directions p (the part of s v from the current block's residuals and
// directions on) and their images ap, the residuals r = ax - x theta, and the next iteration's
// Gram matrices over its basis [x, r, p] except what needs A r.
struct RitzSweep {
  Block x, ax, p, ap, r;
  // k x k, row-major, for the basis [x, r, p] (k = 2 n, or 3 n with search directions): g =
  // basis^T basis whole; h = basis^T A basis with its r-r block left 0 (it needs A r, which the
  // next pass computes: FillResidualBlock). A being symmetric, the x-r block is taken as
  // (A x)^T r.
  std::vector<double> g, h;
  int k = 0;
  // previous[j] . x[j], for the moves of the two axes.
  std::array<double, 2> along{0, 0};
};

// The combination step of LOBPCG over the basis s (images as), whose first `own` vectors are the
// current block, by the Ritz coefficients v (s.size() x n, row-major) and Ritz values theta (n),
// and the Gram matrices of the next basis, in one read of s and as by fixed column ranges (the
// result does not depend on `threads`). Without vectors past `own`, p and ap are empty. Up to 4
// results a block, they are written over the basis (each column's from all its inputs before any
// is written); what is left of the basis goes to `spare`, and results without a basis vector to
// take come from it.
RitzSweep SweepRitz(Block s, Block as, const std::vector<double>& v, int n, size_t own,
                    std::span<const double> theta, std::span<const std::vector<double>> previous,
                    int threads, SpareVectors* spare);

// Fills h's r-r block (RitzSweep::h, for a basis of `n` vectors then n residuals) from the
// residuals and their images.
void FillResidualBlock(const Block& r, const Block& ar, int k, std::vector<double>& h, int threads);

// Negates vector j of the basis in g and h (its row and column).
void NegateInGram(int j, int k, std::vector<double>& g, std::vector<double>& h);

}  // namespace plenary::opinion
