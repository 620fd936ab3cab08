#pragma once

#include <optional>
#include <vector>

#include "engines/opinion/dense_block.h"

namespace plenary::opinion {

// An orthonormal basis q of the span of s c (s: n vectors; c: n x n, row-major, column j the
// coefficients of the j-th combination), with q_j in the span of the first j + 1 combinations:
// the Q of a QR decomposition of s c. `gram` is s^T s (n x n). Cholesky QR twice: the Gram
// matrix of s c is c^T gram c, its Cholesky factor r gives s (c r^-1), whose own Gram matrix
// corrects the last bits in a second step. Three reads of the vectors in all, where Gram-Schmidt
// reads them some forty times for a block of 4. Nothing when s c is too close to dependent for it
// (a pivot below 1e-7 of its column's norm: condition number over ~1e7); the caller then
// orthogonalises otherwise. `spare`: vectors the result may take its memory from (TakeVectors).
std::optional<Block> OrthonormalCombination(const Block& s, const std::vector<double>& gram,
                                            const std::vector<double>& c, int threads,
                                            SpareVectors* spare = nullptr);

// The inverse of the upper-triangular Cholesky factor r of the symmetric n x n matrix g
// (g = r^T r; both row-major), or nothing when a pivot is below `floor` times the square root of
// its diagonal entry (or g is not positive definite).
std::optional<std::vector<double>> InverseCholeskyFactor(const std::vector<double>& g, int n,
                                                         double floor);

}  // namespace plenary::opinion
