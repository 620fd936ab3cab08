#include "engines/opinion/pca.h"

#include <algorithm>
#include <cmath>

#include "engines/opinion/parallel.h"

namespace plenary::opinion {
namespace {

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    sum += a[i] * b[i];
  }
  return sum;
}

void Normalize(std::vector<double>& v) {
  const double norm = std::sqrt(Dot(v, v));
  if (norm > 0) {
    for (double& x : v) {
      x /= norm;
    }
  }
}

// w2 <- unit(w2 - (w1 . w2) w1), with w1 a unit vector.
void Orthogonalize(const std::vector<double>& w1, std::vector<double>& w2) {
  const double d = Dot(w1, w2);
  for (size_t i = 0; i < w2.size(); ++i) {
    w2[i] -= d * w1[i];
  }
  Normalize(w2);
}

std::array<std::vector<double>, 2> StartAxes(size_t cols, std::span<const uint8_t> mod_out,
                                             std::span<const int64_t> comment_ids,
                                             const Pca* warm, uint64_t seed) {
  std::array<std::vector<double>, 2> w;
  for (int a = 0; a < 2; ++a) {
    w[a].resize(cols);
    for (size_t c = 0; c < cols; ++c) {
      if (warm != nullptr && c < warm->axes[a].size()) {
        w[a][c] = warm->axes[a][c];
      } else if (warm != nullptr) {
        w[a][c] = 1.0;
      } else {
        const uint64_t r = SplitMix64(seed ^ SplitMix64(comment_ids[c] * 2 + a));
        w[a][c] = static_cast<double>(r >> 11) * 0x1.0p-52 - 1.0;  // uniform in [-1, 1)
      }
      if (mod_out[c]) {
        w[a][c] = 0;
      }
    }
  }
  Normalize(w[0]);
  Orthogonalize(w[0], w[1]);
  return w;
}

// y = Xc^T Xc w for both axes (interleaved: y[2c], y[2c+1]), one pass over the votes. Rows are
// split into fixed blocks whose partial sums are added in block order, so the result does not
// depend on the number of threads.
void MultiplyGram(const VoteMatrix& m, const std::vector<double>& center,
                  const std::array<std::vector<double>, 2>& w, int threads,
                  std::vector<double>& y) {
  const size_t cols = m.cols;
  std::vector<double> cw(3 * cols);  // mu, w1, w2 per column, together for locality
  for (size_t c = 0; c < cols; ++c) {
    cw[3 * c] = center[c];
    cw[3 * c + 1] = w[0][c];
    cw[3 * c + 2] = w[1][c];
  }
  const int blocks = BlockCount(m);
  const std::vector<int32_t> bounds = SplitRowsByVotes(m, blocks);
  std::vector<std::vector<double>> partial(blocks, std::vector<double>(2 * cols, 0.0));
  RunTasks(blocks, threads, [&](int b) {
    double* out = partial[b].data();
    for (int32_t r = bounds[b]; r < bounds[b + 1]; ++r) {
      const uint64_t begin = m.row_start[r];
      const uint64_t end = m.row_start[r + 1];
      double s1 = 0;
      double s2 = 0;
      for (uint64_t k = begin; k < end; ++k) {
        const double* p = &cw[3 * m.col[k]];
        const double x = m.value[k] - p[0];
        s1 += x * p[1];
        s2 += x * p[2];
      }
      for (uint64_t k = begin; k < end; ++k) {
        const uint32_t c = m.col[k];
        const double x = m.value[k] - cw[3 * c];
        out[2 * c] += s1 * x;
        out[2 * c + 1] += s2 * x;
      }
    }
  });
  y = std::move(partial[0]);
  for (int b = 1; b < blocks; ++b) {
    for (size_t i = 0; i < y.size(); ++i) {
      y[i] += partial[b][i];
    }
  }
}

// One subspace-iteration step: from y = A w (interleaved), the Ritz vectors of span(y),
// orthonormalised, in decreasing eigenvalue order.
std::array<std::vector<double>, 2> RitzStep(const std::array<std::vector<double>, 2>& w,
                                            const std::vector<double>& y,
                                            std::span<const uint8_t> mod_out,
                                            std::array<double, 2>& eigenvalues) {
  const size_t cols = w[0].size();
  std::array<std::vector<double>, 2> z{std::vector<double>(cols), std::vector<double>(cols)};
  for (size_t c = 0; c < cols; ++c) {
    z[0][c] = mod_out[c] ? 0 : y[2 * c];
    z[1][c] = mod_out[c] ? 0 : y[2 * c + 1];
  }
  // H = W^T A W (2x2, symmetric up to rounding); rotate z by its eigenvectors.
  const double h11 = Dot(w[0], z[0]);
  const double h22 = Dot(w[1], z[1]);
  const double h12 = 0.5 * (Dot(w[0], z[1]) + Dot(w[1], z[0]));
  const double mean = 0.5 * (h11 + h22);
  const double radius = std::hypot(0.5 * (h11 - h22), h12);
  eigenvalues = {mean + radius, mean - radius};
  // The top eigenvector, in the form that avoids cancellation.
  double vx = h11 >= h22 ? eigenvalues[0] - h22 : h12;
  double vy = h11 >= h22 ? h12 : eigenvalues[0] - h11;
  double norm = std::hypot(vx, vy);
  if (!(norm > 0)) {
    vx = 1;
    vy = 0;
    norm = 1;
  }
  vx /= norm;
  vy /= norm;
  std::array<std::vector<double>, 2> next{std::vector<double>(cols), std::vector<double>(cols)};
  for (size_t c = 0; c < cols; ++c) {
    next[0][c] = vx * z[0][c] + vy * z[1][c];
    next[1][c] = -vy * z[0][c] + vx * z[1][c];
  }
  Normalize(next[0]);
  Orthogonalize(next[0], next[1]);
  return next;
}

// Flips `next` to agree in sign with `prev`; returns the Euclidean distance between them.
double AlignAndMeasure(const std::vector<double>& prev, std::vector<double>& next) {
  if (Dot(prev, next) < 0) {
    for (double& x : next) {
      x = -x;
    }
  }
  double sum = 0;
  for (size_t i = 0; i < prev.size(); ++i) {
    sum += (prev[i] - next[i]) * (prev[i] - next[i]);
  }
  return std::sqrt(sum);
}

void FixSign(std::vector<double>& v) {
  size_t best = 0;
  for (size_t i = 1; i < v.size(); ++i) {
    if (std::abs(v[i]) > std::abs(v[best])) {
      best = i;
    }
  }
  if (!v.empty() && v[best] < 0) {
    for (double& x : v) {
      x = -x;
    }
  }
}

}  // namespace

std::vector<double> ColumnMeans(const ColumnTotals& totals, std::span<const uint8_t> mod_out) {
  std::vector<double> mu(totals.seen.size(), 0.0);
  for (size_t c = 0; c < mu.size(); ++c) {
    if (!mod_out[c] && totals.seen[c] > 0) {
      mu[c] = static_cast<double>(totals.agree[c] - totals.disagree[c]) / totals.seen[c];
    }
  }
  return mu;
}

Pca ComputePca(const VoteMatrix& matrix, std::vector<double> center,
               std::span<const uint8_t> mod_out, std::span<const int64_t> comment_ids,
               const Pca* warm, const PcaOptions& options) {
  Pca pca;
  pca.center = std::move(center);
  pca.axes = StartAxes(matrix.cols, mod_out, comment_ids, warm, options.seed);
  std::vector<double> y;
  while (pca.iterations < options.max_iterations) {
    MultiplyGram(matrix, pca.center, pca.axes, options.threads, y);
    auto next = RitzStep(pca.axes, y, mod_out, pca.eigenvalues);
    ++pca.iterations;
    const double moved = std::max(AlignAndMeasure(pca.axes[0], next[0]),
                                  AlignAndMeasure(pca.axes[1], next[1]));
    pca.axes = std::move(next);
    if (moved < options.tolerance) {
      break;
    }
  }
  FixSign(pca.axes[0]);
  FixSign(pca.axes[1]);
  return pca;
}

}  // namespace plenary::opinion
