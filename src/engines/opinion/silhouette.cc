#include "engines/opinion/silhouette.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "engines/opinion/avx2_clones.h"
#include "engines/opinion/double2.h"

namespace plenary::opinion {
namespace {

// sums[c * n + i]: the sum of point i's distances to the members of cluster c, added in member
// order. The distances are symmetric, so column i holds row i: eight points at a time read eight
// consecutive entries of each member's row (four independent chains of two lanes), the same
// additions in the same order as one point's scan of its own row.
std::vector<double> SumsByCluster(std::span<const double> d, std::span<const int32_t> label,
                                  int clusters) {
  const size_t n = label.size();
  std::vector<size_t> start(clusters + 1, 0);
  for (const int32_t l : label) {
    ++start[l + 1];
  }
  for (int c = 0; c < clusters; ++c) {
    start[c + 1] += start[c];
  }
  std::vector<int32_t> members(n);
  std::vector<size_t> next(start.begin(), start.end() - 1);
  for (size_t j = 0; j < n; ++j) {
    members[next[label[j]]++] = static_cast<int32_t>(j);
  }
  std::vector<double> sums(static_cast<size_t>(clusters) * n, 0.0);
  const size_t blocked = n - n % 8;
  for (int c = 0; c < clusters; ++c) {
    const int32_t* first = members.data() + start[c];
    const int32_t* last = members.data() + start[c + 1];
    double* out = sums.data() + static_cast<size_t>(c) * n;
    for (size_t i = 0; i < blocked; i += 8) {
      Double2 sum[4] = {};
      for (const int32_t* m = first; m != last; ++m) {
        const double* row = d.data() + static_cast<size_t>(*m) * n + i;
        for (int q = 0; q < 4; ++q) {
          sum[q] += Load2(row + 2 * q);
        }
      }
      std::memcpy(out + i, sum, sizeof sum);
    }
    for (size_t i = blocked; i < n; ++i) {
      double sum = 0;
      for (const int32_t* m = first; m != last; ++m) {
        sum += d[static_cast<size_t>(*m) * n + i];
      }
      out[i] = sum;
    }
  }
  return sums;
}

// The distances from (px, py) to the n points, in a loop the compiler vectorises (square roots
// two or, with AVX2, four at a time; without FMA in the clone's target, so the same bits).
PLENARY_AVX2_CLONES void DistanceRow(double px, double py, const double* x, const double* y,
                                     size_t n, double* out) {
  for (size_t j = 0; j < n; ++j) {
    const double dx = px - x[j], dy = py - y[j];
    out[j] = std::sqrt(dx * dx + dy * dy);
  }
}

}  // namespace

void PairwiseDistances(std::span<const Point> points, std::vector<double>& d) {
  const size_t n = points.size();
  d.resize(n * n);
  std::vector<double> x(n), y(n);
  for (size_t i = 0; i < n; ++i) {
    x[i] = points[i].x;
    y[i] = points[i].y;
  }
  // Whole rows: d(j, i) is d(i, j) to the bit (the squares of the same differences negated) and
  // d(i, i) is 0.
  for (size_t i = 0; i < n; ++i) {
    DistanceRow(x[i], y[i], x.data(), y.data(), n, d.data() + i * n);
  }
}

std::vector<double> PairwiseDistances(std::span<const Point> points) {
  std::vector<double> d;
  PairwiseDistances(points, d);
  return d;
}

double Silhouette(std::span<const Point> points, std::span<const int32_t> label, int clusters) {
  return Silhouette(PairwiseDistances(points), label, clusters);
}

double Silhouette(std::span<const double> distances, std::span<const int32_t> label, int clusters) {
  const size_t n = label.size();
  if (n == 0) {
    return 0;
  }
  std::vector<int> size(clusters, 0);
  for (const int32_t l : label) {
    ++size[l];
  }
  const std::vector<double> sums = SumsByCluster(distances, label, clusters);
  double total = 0;
  for (size_t i = 0; i < n; ++i) {
    if (size[label[i]] <= 1) {
      continue;  // s = 0 for a point alone in its cluster.
    }
    const double a = sums[label[i] * n + i] / (size[label[i]] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (int c = 0; c < clusters; ++c) {
      if (c != label[i] && size[c] > 0) {
        b = std::min(b, sums[c * n + i] / size[c]);
      }
    }
    const double denominator = std::max(a, b);
    total += denominator > 0 && std::isfinite(b) ? (b - a) / denominator : 0;
  }
  return total / static_cast<double>(n);
}

}  // namespace plenary::opinion
