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

using Block = std::vector<std::vector<double>>;

double RandomEntry(uint64_t seed, int64_t comment_id, int vector) {
  const uint64_t r = SplitMix64(seed ^ SplitMix64(static_cast<uint64_t>(comment_id) * 64 + vector));
  return static_cast<double>(r >> 11) * 0x1.0p-52 - 1.0;  // uniform in [-1, 1)
}

// Modified Gram-Schmidt, twice for accuracy. A vector that vanishes (rank deficiency) is
// replaced by a seeded random one and orthogonalised again.
void Orthonormalize(Block& w, std::span<const uint8_t> mod_out,
                    std::span<const int64_t> comment_ids, uint64_t seed) {
  for (size_t j = 0; j < w.size(); ++j) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      const double before = std::sqrt(Dot(w[j], w[j]));
      for (int pass = 0; pass < 2; ++pass) {
        for (size_t i = 0; i < j; ++i) {
          const double d = Dot(w[i], w[j]);
          for (size_t c = 0; c < w[j].size(); ++c) {
            w[j][c] -= d * w[i][c];
          }
        }
      }
      const double after = std::sqrt(Dot(w[j], w[j]));
      if (after > 1e-10 * std::max(before, 1e-300)) {
        for (double& x : w[j]) {
          x /= after;
        }
        break;
      }
      for (size_t c = 0; c < w[j].size(); ++c) {
        w[j][c] =
            mod_out[c] ? 0 : RandomEntry(seed + attempt + 1, comment_ids[c], static_cast<int>(j));
      }
    }
  }
}

Block StartBlock(size_t cols, int size, std::span<const uint8_t> mod_out,
                 std::span<const int64_t> comment_ids, const Pca* warm, uint64_t seed) {
  Block w(size, std::vector<double>(cols));
  for (int j = 0; j < size; ++j) {
    const std::vector<double>* previous =
        warm != nullptr && j < static_cast<int>(warm->basis.size()) ? &warm->basis[j] : nullptr;
    for (size_t c = 0; c < cols; ++c) {
      if (previous != nullptr && c < previous->size()) {
        w[j][c] = (*previous)[c];
      } else if (previous != nullptr && j < 2) {
        w[j][c] = 1.0;  // Polis pads the previous axes with 1 for new comments
      } else {
        w[j][c] = RandomEntry(seed, comment_ids[c], j);
      }
      if (mod_out[c]) {
        w[j][c] = 0;
      }
    }
  }
  Orthonormalize(w, mod_out, comment_ids, seed);
  return w;
}

// y = Xc^T Xc w for a block of P vectors, one pass over the votes. Rows are split into fixed
// blocks whose partial sums are added in block order, so the result does not depend on the
// number of threads.
template <int P>
void MultiplyGram(const VoteMatrix& m, const std::vector<double>& center, const Block& w,
                  int threads, Block& y, Block& partial) {
  const size_t cols = m.cols;
  // w_1..w_P per column together, in single precision: the gathers are the pass's cost and
  // halving their footprint keeps them in cache; sums are accumulated in double.
  std::vector<float> cw(P * cols);
  for (size_t c = 0; c < cols; ++c) {
    for (int j = 0; j < P; ++j) {
      cw[P * c + j] = static_cast<float>(w[j][c]);
    }
  }
  const int blocks = BlockCount(m);
  const std::vector<int32_t> bounds = SplitRowsByVotes(m, blocks);
  partial.resize(blocks);
  RunTasks(blocks, threads, [&](int b) {
    partial[b].assign(P * cols, 0.0);  // reuses the previous pass's memory
    double* out = partial[b].data();
    std::vector<double> x;
    for (int32_t r = bounds[b]; r < bounds[b + 1]; ++r) {
      const uint64_t begin = m.row_start[r];
      const size_t length = m.row_start[r + 1] - begin;
      const uint32_t* col = m.col.data() + begin;
      const int8_t* value = m.value.data() + begin;
      x.resize(length);
      double s[P] = {};
      for (size_t k = 0; k < length; ++k) {
        const float* p = &cw[P * col[k]];
        x[k] = value[k] - center[col[k]];
        for (int j = 0; j < P; ++j) {
          s[j] += x[k] * p[j];
        }
      }
      for (size_t k = 0; k < length; ++k) {
        double* o = out + P * col[k];
        for (int j = 0; j < P; ++j) {
          o[j] += s[j] * x[k];
        }
      }
    }
  });
  for (int b = 1; b < blocks; ++b) {
    for (size_t i = 0; i < partial[0].size(); ++i) {
      partial[0][i] += partial[b][i];
    }
  }
  y.assign(P, std::vector<double>(cols));
  for (size_t c = 0; c < cols; ++c) {
    for (int j = 0; j < P; ++j) {
      y[j][c] = partial[0][P * c + j];
    }
  }
}

void Multiply(const VoteMatrix& m, const std::vector<double>& center, const Block& w, int threads,
              Block& y, Block& partial) {
  switch (w.size()) {
    case 2:
      return MultiplyGram<2>(m, center, w, threads, y, partial);
    case 3:
      return MultiplyGram<3>(m, center, w, threads, y, partial);
    case 4:
      return MultiplyGram<4>(m, center, w, threads, y, partial);
    case 6:
      return MultiplyGram<6>(m, center, w, threads, y, partial);
    default:
      return MultiplyGram<8>(m, center, w, threads, y, partial);
  }
}

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

// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. Returns the
// eigenvalues in decreasing order; `vectors` gets the matching eigenvectors as columns.
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

// One subspace-iteration step: from y = A w, the Ritz rotation of y, orthonormalised, in
// decreasing eigenvalue order.
Block RitzStep(const Block& w, Block y, std::span<const uint8_t> mod_out,
               std::span<const int64_t> comment_ids, uint64_t seed,
               std::array<double, 2>& eigenvalues) {
  const int n = static_cast<int>(w.size());
  const size_t cols = w[0].size();
  for (auto& v : y) {
    for (size_t c = 0; c < cols; ++c) {
      v[c] = mod_out[c] ? 0 : v[c];
    }
  }
  std::vector<double> h(n * n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      h[i * n + j] = 0.5 * (Dot(w[i], y[j]) + Dot(w[j], y[i]));
    }
  }
  std::vector<double> v;
  const std::vector<double> values = SymmetricEigen(h, n, v);
  eigenvalues = {values[0], values[1]};
  Block next(n, std::vector<double>(cols, 0.0));
  for (int j = 0; j < n; ++j) {
    for (int k = 0; k < n; ++k) {
      const double f = v[k * n + j];
      for (size_t c = 0; c < cols; ++c) {
        next[j][c] += f * y[k][c];
      }
    }
  }
  Orthonormalize(next, mod_out, comment_ids, seed);
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
  const size_t cols = matrix.cols;
  if (cols == 0) {
    return pca;
  }
  // The block cannot exceed the number of columns; below 2 columns there is one axis at most.
  int size = std::clamp(options.block, 2, 8);
  size = size == 5 ? 6 : size == 7 ? 8 : size;
  size = static_cast<int>(std::min<size_t>(size, std::max<size_t>(cols, 2)));
  Block w = StartBlock(cols, size, mod_out, comment_ids, warm, options.seed);
  Block y;
  Block partial;  // per row block sums, kept across iterations
  while (pca.iterations < options.max_iterations) {
    Multiply(matrix, pca.center, w, options.threads, y, partial);
    Block next = RitzStep(w, std::move(y), mod_out, comment_ids, options.seed, pca.eigenvalues);
    ++pca.iterations;
    const double moved = std::max(AlignAndMeasure(w[0], next[0]), AlignAndMeasure(w[1], next[1]));
    w = std::move(next);
    if (moved < options.tolerance) {
      break;
    }
  }
  FixSign(w[0]);
  FixSign(w[1]);
  pca.axes = {w[0], w[1]};
  pca.basis = std::move(w);
  return pca;
}

}  // namespace plenary::opinion
