#include "engines/opinion/dense_block.h"

#include <algorithm>
#include <cmath>

namespace plenary::opinion {
namespace {

// One Jacobi rotation zeroing a[p][q] of the symmetric n x n matrix `a`, accumulated into
// `vectors`.
void Rotate(std::vector<double>& a, std::vector<double>& vectors, int n, int p, int q) {
  const double theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q]);
  const double t = (theta >= 0 ? 1 : -1) / (std::abs(theta) + std::sqrt(theta * theta + 1));
  const double c = 1 / std::sqrt(t * t + 1), s = t * c;
  for (int k = 0; k < n; ++k) {  // A <- A J
    const double akp = a[k * n + p], akq = a[k * n + q];
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (int k = 0; k < n; ++k) {  // A <- J^T A
    const double apk = a[p * n + k], aqk = a[q * n + k];
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  for (int k = 0; k < n; ++k) {
    const double vkp = vectors[k * n + p], vkq = vectors[k * n + q];
    vectors[k * n + p] = c * vkp - s * vkq;
    vectors[k * n + q] = s * vkp + c * vkq;
  }
}

}  // namespace

// Four partial sums (a fixed order, so the result is deterministic) let the loop vectorise.
double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum[4] = {0, 0, 0, 0};
  const size_t n = a.size(), body = n - n % 4;
  for (size_t i = 0; i < body; i += 4) {
    for (int k = 0; k < 4; ++k) {
      sum[k] += a[i + k] * b[i + k];
    }
  }
  for (size_t i = body; i < n; ++i) {
    sum[0] += a[i] * b[i];
  }
  return (sum[0] + sum[1]) + (sum[2] + sum[3]);
}

std::vector<double> SymmetricEigen(std::vector<double> a, int n, std::vector<double>& vectors) {
  vectors.assign(n * n, 0.0);
  for (int i = 0; i < n; ++i) {
    vectors[i * n + i] = 1;
  }
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0, total = 0;
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) {
        total += a[i * n + j] * a[i * n + j];
        off += i != j ? a[i * n + j] * a[i * n + j] : 0;
      }
    }
    if (off <= 1e-30 * total) {
      break;
    }
    for (int p = 0; p < n; ++p) {
      for (int q = p + 1; q < n; ++q) {
        if (a[p * n + q] == 0) {
          continue;
        }
        Rotate(a, vectors, n, p, q);
      }
    }
  }
  std::vector<int> order(n);
  for (int i = 0; i < n; ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](int x, int y) { return a[x * n + x] > a[y * n + y]; });
  std::vector<double> values(n), sorted(n * n);
  for (int j = 0; j < n; ++j) {
    values[j] = a[order[j] * n + order[j]];
    for (int k = 0; k < n; ++k) {
      sorted[k * n + j] = vectors[k * n + order[j]];
    }
  }
  vectors = std::move(sorted);
  return values;
}

}  // namespace plenary::opinion
