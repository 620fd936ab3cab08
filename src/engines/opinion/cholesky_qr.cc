#include "engines/opinion/cholesky_qr.h"

#include <cmath>

namespace plenary::opinion {
namespace {

// Pivots below this fraction of their column's norm (in either step) mean a condition number
// past ~1e7, where one Cholesky QR step loses more than half the digits the second can restore.
constexpr double kPivotFloor = 1e-7;

// a b (n x n, row-major).
std::vector<double> Multiply(const std::vector<double>& a, const std::vector<double>& b, int n) {
  std::vector<double> out(n * n, 0.0);
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < n; ++k) {
      for (int j = 0; j < n; ++j) {
        out[i * n + j] += a[i * n + k] * b[k * n + j];
      }
    }
  }
  return out;
}

// c^T g c (n x n, row-major).
std::vector<double> Congruence(const std::vector<double>& g, const std::vector<double>& c, int n) {
  std::vector<double> transposed(n * n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      transposed[j * n + i] = c[i * n + j];
    }
  }
  return Multiply(transposed, Multiply(g, c, n), n);
}

}  // namespace

std::optional<std::vector<double>> InverseCholeskyFactor(const std::vector<double>& g, int n,
                                                         double floor) {
  // r (upper triangular) with g = r^T r, row by row.
  std::vector<double> r(n * n, 0.0);
  for (int i = 0; i < n; ++i) {
    double d = g[i * n + i];
    for (int k = 0; k < i; ++k) {
      d -= r[k * n + i] * r[k * n + i];
    }
    if (!(g[i * n + i] > 0) || !(d > floor * floor * g[i * n + i])) {
      return std::nullopt;
    }
    r[i * n + i] = std::sqrt(d);
    for (int j = i + 1; j < n; ++j) {
      double e = g[i * n + j];
      for (int k = 0; k < i; ++k) {
        e -= r[k * n + i] * r[k * n + j];
      }
      r[i * n + j] = e / r[i * n + i];
    }
  }
  // Its inverse (upper triangular too), column by column by back substitution.
  std::vector<double> inverse(n * n, 0.0);
  for (int j = 0; j < n; ++j) {
    inverse[j * n + j] = 1 / r[j * n + j];
    for (int i = j - 1; i >= 0; --i) {
      double sum = 0;
      for (int k = i + 1; k <= j; ++k) {
        sum += r[i * n + k] * inverse[k * n + j];
      }
      inverse[i * n + j] = -sum / r[i * n + i];
    }
  }
  return inverse;
}

std::optional<Block> OrthonormalCombination(const Block& s, const std::vector<double>& gram,
                                            const std::vector<double>& c, int threads,
                                            SpareVectors* spare) {
  const int n = static_cast<int>(s.size());
  const std::optional<std::vector<double>> first =
      InverseCholeskyFactor(Congruence(gram, c, n), n, kPivotFloor);
  if (!first) {
    return std::nullopt;
  }
  Block q = Combine(s, Multiply(c, *first, n), n, n, 0, threads, spare);
  std::vector<double> g, unused;
  GramMatrices(q, q, g, unused, threads);
  const std::optional<std::vector<double>> second = InverseCholeskyFactor(g, n, kPivotFloor);
  if (!second) {
    return std::nullopt;
  }
  if (n > 4) {
    return Combine(q, *second, n, n, 0, threads);
  }
  // In place: each column's outputs are computed from all its inputs before any is written.
  std::vector<const double*> in;
  std::vector<double*> out;
  for (std::vector<double>& v : q) {
    in.push_back(v.data());
    out.push_back(v.data());
  }
  std::vector<double> scratch;
  CombineRange(in, *second, n, n, 0, 0, q.empty() ? 0 : q[0].size(), out, nullptr, scratch);
  return q;
}

}  // namespace plenary::opinion
