#include "engines/opinion/pca.h"

#include <algorithm>
#include <cmath>

#include "engines/opinion/cholesky_qr.h"
#include "engines/opinion/dense_block.h"
#include "engines/opinion/gram_product.h"
#include "engines/opinion/lobpcg.h"

namespace plenary::opinion {
namespace {

constexpr double kSinglePrecisionTolerance = 1e-6;

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

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
          AddScaled(w[j], -Dot(w[i], w[j]), w[i]);  // (y + (-d) x is y - d x, bit for bit)
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
  // A warm basis that is orthonormal, whole (no new comments, as many vectors) and already 0 in
  // the moderated-out columns is the start as it is: Gram-Schmidt would only move its last bits.
  bool orthonormal =
      warm != nullptr && warm->basis_orthonormal && warm->basis.size() == static_cast<size_t>(size);
  for (int j = 0; j < size; ++j) {
    const std::vector<double>* previous =
        warm != nullptr && j < static_cast<int>(warm->basis.size()) ? &warm->basis[j] : nullptr;
    orthonormal = orthonormal && previous != nullptr && previous->size() == cols;
    for (size_t c = 0; c < cols; ++c) {
      if (previous != nullptr && c < previous->size()) {
        w[j][c] = (*previous)[c];
      } else if (previous != nullptr && j < 2) {
        w[j][c] = 1.0;  // Polis pads the previous axes with 1 for new comments
      } else {
        w[j][c] = RandomEntry(seed, comment_ids[c], j);
      }
      if (mod_out[c]) {
        orthonormal = orthonormal && w[j][c] == 0;
        w[j][c] = 0;
      }
    }
  }
  if (!orthonormal) {
    Orthonormalize(w, mod_out, comment_ids, seed);
  }
  return w;
}

// The Rayleigh-Ritz rotation of the orthonormal block w given y = A w: the eigenvectors of
// w^T A w, in decreasing eigenvalue order (column j's entries are v[k * n + j]).
std::vector<double> RitzRotation(const Block& w, const Block& y,
                                 std::array<double, 2>& eigenvalues) {
  const int n = static_cast<int>(w.size());
  std::vector<double> h(n * n);
  for (int i = 0; i < n; ++i) {
    for (int j = i; j < n; ++j) {  // (the lower half mirrors it: the sum is the same either way)
      h[i * n + j] = h[j * n + i] = 0.5 * (Dot(w[i], y[j]) + Dot(w[j], y[i]));
    }
  }
  std::vector<double> v;
  const std::vector<double> values = SymmetricEigen(h, n, v);
  eigenvalues = {values[0], values[1]};
  return v;
}

// The subspace-iteration step from y = A w given its Ritz rotation v (RitzRotation).
Block RotateAndOrthonormalize(const Block& w, const Block& y, const std::vector<double>& v,
                              std::span<const uint8_t> mod_out,
                              std::span<const int64_t> comment_ids, uint64_t seed) {
  const int n = static_cast<int>(w.size());
  const size_t cols = w[0].size();
  Block next(n, std::vector<double>(cols, 0.0));
  for (int j = 0; j < n; ++j) {
    for (int k = 0; k < n; ++k) {
      AddScaled(next[j], v[k * n + j], y[k]);
    }
  }
  Orthonormalize(next, mod_out, comment_ids, seed);
  return next;
}

// One subspace-iteration step: from y = A w, the Ritz rotation of y, orthonormalised, in
// decreasing eigenvalue order.
Block RitzStep(const Block& w, const Block& y, std::span<const uint8_t> mod_out,
               std::span<const int64_t> comment_ids, uint64_t seed,
               std::array<double, 2>& eigenvalues) {
  return RotateAndOrthonormalize(w, y, RitzRotation(w, y, eigenvalues), mod_out, comment_ids, seed);
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

// Flips v so that its largest entry is positive; returns the sign it was multiplied by.
double FixSign(std::vector<double>& v) {
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
    return -1;
  }
  return 1;
}

// An incremental update's one pass (see ComputePca's `projection`): y = A w with each row's
// sums x_i . w kept; the axes are the Ritz vectors of the block w, whose projections are
// combinations of those sums; the block moves on by the subspace-iteration step from y, for the
// next update to start from. The dense work reads the vectors a few times over (the Gram
// matrices, the combinations; Cholesky QR for the next block) instead of vector by vector.
void IncrementalStep(const VoteMatrix& matrix, const VoteOverlay* overlay, Pca& pca, const Block& w,
                     std::span<const uint8_t> mod_out, std::span<const int64_t> comment_ids,
                     const PcaOptions& options, bool single, ColumnVotes* columns,
                     RowProjection& projection) {
  GramScratch scratch;
  scratch.columns = columns;
  Block y = GramProduct(matrix, pca.center, w, mod_out, options.threads, scratch, single,
                        &projection.rows, overlay);
  const int n = static_cast<int>(w.size());
  // w^T A w (from the upper triangle of w^T y: A is symmetric) and y^T y.
  std::vector<double> unused, h, y_gram;
  GramMatrices(w, y, unused, h, options.threads);
  GramMatrices(y, y, y_gram, unused, options.threads);
  std::vector<double> v;
  const std::vector<double> values = SymmetricEigen(h, n, v);
  pca.eigenvalues = {values[0], values[1]};
  Block axes = Combine(w, v, n, 2, 0, options.threads);
  for (int a = 0; a < 2; ++a) {
    const double sign = FixSign(axes[a]);
    projection.coefficients[a].assign(projection.rows.stride, 0.0);
    for (int k = 0; k < n; ++k) {
      projection.coefficients[a][k] = sign * v[k * n + a];
    }
    pca.axes[a] = std::move(axes[a]);
  }
  // The same rotation moves the block on: y v orthonormalised (its columns are zero where y is,
  // in the moderated-out columns), by Gram-Schmidt when it is too close to dependent.
  std::optional<Block> next = OrthonormalCombination(y, y_gram, v, options.threads);
  pca.basis = next ? std::move(*next)
                   : RotateAndOrthonormalize(w, y, v, mod_out, comment_ids, options.seed);
  pca.basis_orthonormal = true;
  pca.iterations = 1;
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
               const Pca* warm, const PcaOptions& options, RowProjection* projection,
               const VoteOverlay* overlay, ColumnVotes* columns) {
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
  GramScratch scratch;  // per row block sums, kept across iterations
  scratch.columns = columns;
  // Single precision (exact to about 1e-7, far inside the default tolerance) halves the memory
  // each pass touches; tighter tolerances get double precision.
  const bool single = options.tolerance >= kSinglePrecisionTolerance;
  if (projection != nullptr) {
    if (warm != nullptr && options.max_iterations == 1) {
      // The pass writes every row's sums: the memory the caller lent is not cleared first (a
      // million rows' zeros would cost 2-3 ms of an incremental update's ~160).
      IncrementalStep(matrix, overlay, pca, w, mod_out, comment_ids, options, single, columns,
                      *projection);
      return pca;
    }
    projection->rows.sums.clear();
  }
  Convergence convergence;
  bool converged = false;
  // LOBPCG's first pass only rotates the block within itself, so it pays off over several passes
  // and with room for the extended basis; an incremental update's one or two passes go to
  // subspace iteration, which moves the block at every pass.
  RowSums* rows =
      projection != nullptr && matrix.rows <= options.tracked_rows ? &projection->rows : nullptr;
  if (options.max_iterations >= 4 && cols > static_cast<size_t>(3 * size)) {
    w = Lobpcg(matrix, overlay, pca, std::move(w), mod_out, options, scratch, single, convergence,
               converged, rows);
  }
  // The rows' products LOBPCG kept are those with its block: valid when it converged by itself.
  const bool rows_kept = rows != nullptr && converged && !rows->sums.empty();
  if (rows != nullptr && !rows_kept) {
    rows->sums.clear();
  }
  while (!converged && pca.iterations < options.max_iterations) {
    Block y = GramProduct(matrix, pca.center, w, mod_out, options.threads, scratch, single, nullptr,
                          overlay);
    Block next = RitzStep(w, y, mod_out, comment_ids, options.seed, pca.eigenvalues);
    ++pca.iterations;
    const double moved = std::max(AlignAndMeasure(w[0], next[0]), AlignAndMeasure(w[1], next[1]));
    w = std::move(next);
    converged = convergence.Record(moved, options.tolerance);
    pca.basis_orthonormal = true;  // (RitzStep's Gram-Schmidt; sign flips keep it so)
  }
  const double signs[2] = {FixSign(w[0]), FixSign(w[1])};
  if (rows_kept) {
    for (int a = 0; a < 2; ++a) {
      projection->coefficients[a].assign(rows->stride, 0.0);
      projection->coefficients[a][a] = signs[a];
    }
  }
  pca.axes = {w[0], w[1]};
  pca.basis = std::move(w);
  return pca;
}

}  // namespace plenary::opinion
