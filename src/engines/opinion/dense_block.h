#pragma once

#include <cstddef>
#include <vector>

namespace plenary::opinion {

// A block of column vectors (one per entry), each as long as the number of comments.
using Block = std::vector<std::vector<double>>;

// The dot product, summed in a fixed order (the same result on every run and processor).
double Dot(const std::vector<double>& a, const std::vector<double>& b);

// y += a x (element by element: the same result on every processor).
void AddScaled(std::vector<double>& y, double a, const std::vector<double>& x);

// Eigen-decomposition of a small symmetric n x n matrix (row-major) by cyclic Jacobi rotations.
// Returns the eigenvalues in decreasing order; `vectors` gets the matching eigenvectors as
// columns (row-major n x n).
std::vector<double> SymmetricEigen(std::vector<double> a, int n, std::vector<double>& vectors);

// The Gram matrix s^T s and the symmetric s^T as (from its upper triangle), both k x k
// row-major for the k vectors of s, in one pass over the columns (fixed ranges added in order,
// so the result does not depend on `threads`).
void GramMatrices(const Block& s, const Block& as, std::vector<double>& g, std::vector<double>& h,
                  int threads);

// Vectors no longer needed whose memory a combination takes for its results instead of fresh,
// zeroed vectors (it overwrites every value): at 7,753 comments, LOBPCG's combinations cleared
// and copied ~1 MB an iteration into memory they then overwrote.
using SpareVectors = std::vector<std::vector<double>>;

// `n` vectors of `size` values: from `spare` while it has some (their values left as they are),
// otherwise fresh (zeros).
Block TakeVectors(SpareVectors* spare, int n, size_t size);

// out[j] = sum over k in [from, s.size()) of coefficients[k * stride + j] s[k], for j < n.
// The results' memory comes from `spare` when given (TakeVectors).
Block Combine(const Block& s, const std::vector<double>& coefficients, int stride, int n,
              size_t from, int threads, SpareVectors* spare = nullptr);

// Combine(s, ..., from, ...) into `tail`, and Combine(s, ..., 0, ...) as the sum over the vectors
// before `from` plus the tail (each vector multiplied once), in one read of s.
Block CombineWithTail(const Block& s, const std::vector<double>& coefficients, int stride, int n,
                      size_t from, int threads, Block& tail, SpareVectors* spare = nullptr);

// Combine's (or CombineWithTail's, with `tail`) sums over columns [begin, end) alone, from the
// vectors `in` (coefficients[k * stride + j] for in[k] and output j) into `out` (and `tail`, over
// the vectors from `from` on). Each column's outputs are computed from all its inputs before any
// is written, so an output may be an input when n <= 4. Outputs past a multiple of 4 go through
// `scratch` (grown to `end` when needed).
void CombineRange(const std::vector<const double*>& in, const std::vector<double>& coefficients,
                  int stride, int n, size_t from, size_t begin, size_t end,
                  const std::vector<double*>& out, const std::vector<double*>* tail,
                  std::vector<double>& scratch);

// out[j] = a . b[j] over columns [begin, end), for j < 4, in four lanes (a fixed order).
void DotFour(const double* a, const double* const* b, size_t begin, size_t end, double* out);

}  // namespace plenary::opinion
