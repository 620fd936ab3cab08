#include "engines/opinion/dense_block.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "engines/opinion/double2.h"
#include "engines/opinion/parallel.h"

namespace plenary::opinion {
namespace {

// One Jacobi rotation zeroing a[p][q] of the symmetric n x n matrix `a`, accumulated into
// `vectors`. Only rows and columns p and q change: the diagonal pair by the closed form
// (a_pp - t a_pq, a_qq + t a_pq), a_pq set to 0, the other entries of the two rows and columns
// rotated once and mirrored (the symmetric half, instead of rotating all columns and then all
// rows).
void Rotate(std::vector<double>& a, std::vector<double>& vectors, int n, int p, int q) {
  const double apq = a[p * n + q];
  const double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
  const double t = (theta >= 0 ? 1 : -1) / (std::abs(theta) + std::sqrt(theta * theta + 1));
  const double c = 1 / std::sqrt(t * t + 1), s = t * c;
  a[p * n + p] -= t * apq;
  a[q * n + q] += t * apq;
  a[p * n + q] = a[q * n + p] = 0;
  for (int k = 0; k < n; ++k) {
    if (k == p || k == q) {
      continue;
    }
    const double akp = a[k * n + p], akq = a[k * n + q];
    a[k * n + p] = a[p * n + k] = c * akp - s * akq;
    a[k * n + q] = a[q * n + k] = s * akp + c * akq;
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
  // An off-diagonal entry below 1e-17 of the geometric mean of its two diagonal entries is
  // rounding (it cannot move either eigenvalue beyond the last bit), so it is dropped instead of
  // rotated away; the sweeps end once nothing is left (or off(A) vanishes against A).
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
    int rotations = 0;
    for (int p = 0; p < n; ++p) {
      for (int q = p + 1; q < n; ++q) {
        const double apq = a[p * n + q];
        if (apq == 0) {
          continue;
        }
        if (std::abs(apq) <= 1e-17 * std::sqrt(std::abs(a[p * n + p] * a[q * n + q]))) {
          a[p * n + q] = a[q * n + p] = 0;
          continue;
        }
        Rotate(a, vectors, n, p, q);
        ++rotations;
      }
    }
    if (rotations == 0) {
      break;
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

namespace {

// Adds to g[jj] the products of s_i with s_{j + jj}, and to h[jj] those of s_i with as_{j + jj},
// for jj < N, over columns [begin, end): one load of s_i serves 2 N products.
template <int N>
void AddProducts(const Block& s, const Block& as, int i, int j, size_t begin, size_t end, double* g,
                 double* h) {
  const double* si = s[i].data();
  const double* sj[N];
  const double* aj[N];
  for (int jj = 0; jj < N; ++jj) {
    sj[jj] = s[j + jj].data();
    aj[jj] = as[j + jj].data();
  }
  Double2 gs[N] = {}, hs[N] = {};
  size_t c = begin;
  for (; c + 2 <= end; c += 2) {
    const Double2 a = Load2(si + c);
    for (int jj = 0; jj < N; ++jj) {
      gs[jj] += a * Load2(sj[jj] + c);
      hs[jj] += a * Load2(aj[jj] + c);
    }
  }
  for (int jj = 0; jj < N; ++jj) {
    double gt = gs[jj][0] + gs[jj][1], ht = hs[jj][0] + hs[jj][1];
    for (size_t t = c; t < end; ++t) {
      gt += si[t] * sj[jj][t];
      ht += si[t] * aj[jj][t];
    }
    g[jj] = gt;
    h[jj] = ht;
  }
}

// out_j[c] = sum_k coefficients[k * stride + j] s_k[c] (k from `from`) for the N outputs j from
// `first`, over [begin, end): each input value is loaded once for all N outputs; each sum runs
// over k in order.
template <int N>
void CombineRange(const Block& s, const std::vector<double>& coefficients, int stride, size_t from,
                  int first, size_t begin, size_t end, Block& out) {
  const size_t count = s.size() - from;
  std::vector<const double*> in(count);
  std::vector<double> f(count * N);
  for (size_t k = 0; k < count; ++k) {
    in[k] = s[from + k].data();
    for (int j = 0; j < N; ++j) {
      f[k * N + j] = coefficients[(from + k) * stride + first + j];
    }
  }
  double* o[N];
  for (int j = 0; j < N; ++j) {
    o[j] = out[first + j].data();
  }
  size_t c = begin;
  for (; c + 2 <= end; c += 2) {
    Double2 acc[N] = {};
    for (size_t k = 0; k < count; ++k) {
      const Double2 v = Load2(in[k] + c);
      for (int j = 0; j < N; ++j) {
        acc[j] += f[k * N + j] * v;
      }
    }
    for (int j = 0; j < N; ++j) {
      std::memcpy(o[j] + c, &acc[j], sizeof acc[j]);
    }
  }
  for (; c < end; ++c) {
    for (int j = 0; j < N; ++j) {
      double acc = 0;
      for (size_t k = 0; k < count; ++k) {
        acc += f[k * N + j] * in[k][c];
      }
      o[j][c] = acc;
    }
  }
}

// Columns are processed in fixed ranges (each range's sums added in range order), small enough
// that a range of every vector stays in the first-level cache.
constexpr size_t kRange = 256;

int RangeCount(size_t cols) {
  return static_cast<int>((cols + kRange - 1) / kRange);
}

// Tasks of whole ranges: few enough that handing them to a thread pays off.
constexpr int kTasks = 8;

}  // namespace

void GramMatrices(const Block& s, const Block& as, std::vector<double>& g, std::vector<double>& h,
                  int threads) {
  const int k = static_cast<int>(s.size());
  const size_t cols = k > 0 ? s[0].size() : 0;
  const int ranges = RangeCount(cols);
  const int tasks = std::min(kTasks, std::max(ranges, 1));
  // Per task: its ranges' sums of g then h (upper triangles), added range by range.
  std::vector<std::vector<double>> partial(tasks, std::vector<double>(2 * k * k, 0.0));
  RunTasks(tasks, cols < 4 * kRange ? 1 : threads, [&](int t) {
    std::vector<double>& sum = partial[t];
    double gs[4], hs[4];
    for (int range = ranges * t / tasks; range < ranges * (t + 1) / tasks; ++range) {
      const size_t begin = range * kRange, end = std::min(cols, begin + kRange);
      for (int i = 0; i < k; ++i) {
        for (int j = i; j < k; j += 4) {
          switch (std::min(4, k - j)) {
            case 1:
              AddProducts<1>(s, as, i, j, begin, end, gs, hs);
              break;
            case 2:
              AddProducts<2>(s, as, i, j, begin, end, gs, hs);
              break;
            case 3:
              AddProducts<3>(s, as, i, j, begin, end, gs, hs);
              break;
            default:
              AddProducts<4>(s, as, i, j, begin, end, gs, hs);
          }
          for (int jj = 0; jj < std::min(4, k - j); ++jj) {
            sum[i * k + j + jj] += gs[jj];
            sum[k * k + i * k + j + jj] += hs[jj];
          }
        }
      }
    }
  });
  g.assign(k * k, 0.0);
  h.assign(k * k, 0.0);
  for (int t = 0; t < tasks; ++t) {
    for (int i = 0; i < k; ++i) {
      for (int j = i; j < k; ++j) {
        g[i * k + j] += partial[t][i * k + j];
        h[i * k + j] += partial[t][k * k + i * k + j];
      }
    }
  }
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < i; ++j) {
      g[i * k + j] = g[j * k + i];
      h[i * k + j] = h[j * k + i];
    }
  }
}

Block Combine(const Block& s, const std::vector<double>& coefficients, int stride, int n,
              size_t from, int threads) {
  const size_t cols = s.empty() ? 0 : s[0].size();
  Block out(n, std::vector<double>(cols, 0.0));
  if (from >= s.size()) {
    return out;
  }
  const int ranges = RangeCount(cols);
  const int tasks = std::min(kTasks, std::max(ranges, 1));
  RunTasks(tasks, cols < 4 * kRange ? 1 : threads, [&](int t) {
    const size_t begin = std::min(cols, kRange * (ranges * t / tasks));
    const size_t end = std::min(cols, kRange * (ranges * (t + 1) / tasks));
    for (int j = 0; j < n; j += 4) {
      switch (std::min(4, n - j)) {
        case 1:
          CombineRange<1>(s, coefficients, stride, from, j, begin, end, out);
          break;
        case 2:
          CombineRange<2>(s, coefficients, stride, from, j, begin, end, out);
          break;
        case 3:
          CombineRange<3>(s, coefficients, stride, from, j, begin, end, out);
          break;
        default:
          CombineRange<4>(s, coefficients, stride, from, j, begin, end, out);
      }
    }
  });
  return out;
}

}  // namespace plenary::opinion
