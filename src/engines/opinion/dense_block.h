#pragma once

#include <vector>

namespace plenary::opinion {

// A block of column vectors (one per entry), each as long as the number of comments.
using Block = std::vector<std::vector<double>>;

// The dot product, summed in a fixed order (the same result on every run).
double Dot(const std::vector<double>& a, const std::vector<double>& b);

// Eigen-decomposition of a small symmetric n x n matrix (row-major) by cyclic Jacobi rotations.
// Returns the eigenvalues in decreasing order; `vectors` gets the matching eigenvectors as
// columns (row-major n x n).
std::vector<double> SymmetricEigen(std::vector<double> a, int n, std::vector<double>& vectors);

}  // namespace plenary::opinion
