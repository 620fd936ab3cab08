#include "engines/opinion/lobpcg.h"

#include <algorithm>
#include <cmath>

#include "engines/opinion/row_sums.h"

namespace plenary::opinion {
namespace {

// The Rayleigh-Ritz step of LOBPCG over the basis s (images as), whose first `own` vectors are
// the current block: the new block, its images and the new search directions (the new block's
// part outside the current one), in decreasing Ritz value order.
struct RitzBlock {
  Block x, ax, p, ap;
  std::array<double, 2> values{0, 0};
  std::vector<double> v;  // the Ritz vectors' coefficients over s (k x n, row-major)
  int n = 0;
};

// Coefficients (k x kept, row-major) that turn s into an orthonormal basis of its span, from its
// Gram matrix g: each vector scaled to unit length, then the eigenvectors of the scaled Gram
// matrix divided by the square roots of their eigenvalues; directions whose eigenvalue is below
// 1e-12 of the largest (numerically dependent vectors) are dropped.
std::vector<double> OrthonormalizingCoefficients(const std::vector<double>& g, int k, int& kept) {
  std::vector<double> scale(k), scaled(k * k);
  for (int i = 0; i < k; ++i) {
    scale[i] = g[i * k + i] > 0 ? 1 / std::sqrt(g[i * k + i]) : 0;
  }
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) {
      scaled[i * k + j] = scale[i] * g[i * k + j] * scale[j];
    }
  }
  std::vector<double> q;
  const std::vector<double> lambda = SymmetricEigen(scaled, k, q);
  kept = 0;
  while (kept < k && lambda[kept] > 1e-12 * lambda[0]) {
    ++kept;
  }
  std::vector<double> t(k * kept);
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < kept; ++j) {
      t[i * kept + j] = scale[i] * q[i * k + j] / std::sqrt(lambda[j]);
    }
  }
  return t;
}

RitzBlock RayleighRitz(const Block& s, const Block& as, size_t own, int size, int threads,
                       SpareVectors& spare) {
  const int k = static_cast<int>(s.size());
  std::vector<double> g, h;
  GramMatrices(s, as, g, h, threads);
  int kept = 0;
  const std::vector<double> t = OrthonormalizingCoefficients(g, k, kept);
  // c = t^T h t, the operator in the orthonormal basis s t.
  std::vector<double> ht(k * kept, 0.0), c(kept * kept, 0.0);
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < kept; ++j) {
      for (int l = 0; l < k; ++l) {
        ht[i * kept + j] += h[i * k + l] * t[l * kept + j];
      }
    }
  }
  for (int i = 0; i < kept; ++i) {
    for (int j = 0; j < kept; ++j) {
      for (int l = 0; l < k; ++l) {
        c[i * kept + j] += t[l * kept + i] * ht[l * kept + j];
      }
    }
  }
  std::vector<double> u;
  const std::vector<double> values = SymmetricEigen(c, kept, u);
  const int n = std::min(size, kept);
  // The Ritz vectors' coefficients over s: v = t u (k x n).
  std::vector<double> v(k * n, 0.0);
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < n; ++j) {
      for (int l = 0; l < kept; ++l) {
        v[i * n + j] += t[i * kept + l] * u[l * kept + j];
      }
    }
  }
  RitzBlock out;
  out.values = {values[0], kept > 1 ? values[1] : 0.0};
  out.n = n;
  if (s.size() > own) {
    out.x = CombineWithTail(s, v, n, n, own, threads, out.p, &spare);
    out.ax = CombineWithTail(as, v, n, n, own, threads, out.ap, &spare);
  } else {
    out.x = Combine(s, v, n, n, 0, threads, &spare);
    out.ax = Combine(as, v, n, n, 0, threads, &spare);
  }
  out.v = std::move(v);
  return out;
}

void Negate(std::vector<double>& v) {
  for (double& x : v) {
    x = -x;
  }
}

void NegateLane(RowSums& rows, int lane) {
  for (size_t i = lane; i < rows.sums.size(); i += rows.stride) {
    rows.sums[i] = -rows.sums[i];
  }
}

// The rows' products with the new block and search directions (Lobpcg's `rows`), from those with
// the basis s = [x, residuals, search directions] (the first `own` vectors x) and the Ritz
// coefficients: X (s v) = (X s) v. `spare` holds the arrays of the last combination, reused (at a
// million rows each is 32 MB).
struct RowsSpare {
  std::vector<double> x, p;
};

void TrackRows(RowSums& x_rows, const RowSums& r_rows, std::vector<double>& p_rows,
               RowsSpare& spare, const RitzBlock& next, size_t own, size_t basis, int threads) {
  const size_t rows = x_rows.sums.size() / x_rows.stride;
  std::vector<RowBlock> parts{{x_rows.sums.data(), static_cast<int>(own)}};
  if (basis > own) {
    parts.push_back({r_rows.sums.data(), static_cast<int>(own)});
  }
  if (basis > 2 * own) {
    parts.push_back({p_rows.data(), static_cast<int>(basis - 2 * own)});
  }
  CombineRowSums(parts, rows, x_rows.stride, next.v, next.n, static_cast<int>(own), threads,
                 spare.x, basis > own ? &spare.p : nullptr);
  x_rows.sums.swap(spare.x);
  if (basis > own) {
    p_rows.swap(spare.p);
  }
}

}  // namespace

bool Convergence::Record(double moved, double tolerance) {
  previous = last;
  last = moved;
  if (moved < tolerance) {
    return true;
  }
  const double ratio = previous > 0 ? moved / previous : 1;
  return ratio < 0.5 && moved * ratio / (1 - ratio) < tolerance;
}

Block Lobpcg(const VoteMatrix& matrix, const VoteOverlay* overlay, Pca& pca, Block x,
             std::span<const uint8_t> mod_out, const PcaOptions& options, GramScratch& scratch,
             bool single, Convergence& convergence, bool& converged, RowSums* rows) {
  const int size = static_cast<int>(x.size());
  const int threads = options.threads;
  Block ax = GramProduct(matrix, pca.center, x, mod_out, threads, scratch, single, rows, overlay);
  ++pca.iterations;
  Block p, ap;
  // With `rows`: the rows' products with x (rows->sums), with the residuals (from their pass) and
  // with the search directions, each combined as the vectors are.
  RowSums r_rows;
  r_rows.moderated_count = ModeratedCount::kNone;  // counted by the first pass
  std::vector<double> p_rows;
  RowsSpare spare;
  std::vector<double> previous[2] = {x[0], x[1]};
  // The vectors of the last iteration's basis and images, for this one's results.
  SpareVectors vectors;
  for (bool first = true;; first = false) {
    Block r;
    if (!first) {
      r = TakeVectors(&vectors, size, x[0].size());  // every value is set below
      for (int j = 0; j < size; ++j) {
        const double t = Dot(x[j], ax[j]) / Dot(x[j], x[j]);
        for (size_t c = 0; c < r[j].size(); ++c) {
          r[j][c] = ax[j][c] - t * x[j][c];
        }
      }
    }
    Block s = std::move(x), as = std::move(ax);
    const size_t own = s.size();
    if (!first) {
      Block ar = GramProduct(matrix, pca.center, r, mod_out, threads, scratch, single,
                             rows != nullptr ? &r_rows : nullptr, overlay);
      ++pca.iterations;
      for (int j = 0; j < size; ++j) {
        s.push_back(std::move(r[j]));
        as.push_back(std::move(ar[j]));
      }
      for (size_t j = 0; j < p.size(); ++j) {
        s.push_back(std::move(p[j]));
        as.push_back(std::move(ap[j]));
      }
    }
    RitzBlock next = RayleighRitz(s, as, own, size, threads, vectors);
    for (Block* used : {&s, &as}) {
      for (auto& v : *used) {
        if (vectors.size() < 5 * static_cast<size_t>(size)) {  // what the next iteration takes
          vectors.push_back(std::move(v));
        }
      }
    }
    pca.eigenvalues = next.values;
    if (rows != nullptr) {
      TrackRows(*rows, r_rows, p_rows, spare, next, own, s.size(), threads);
    }
    double moved = 0;
    for (int j = 0; j < 2 && j < static_cast<int>(next.x.size()); ++j) {
      if (Dot(previous[j], next.x[j]) < 0) {
        Negate(next.x[j]);
        Negate(next.ax[j]);
        if (rows != nullptr) {
          NegateLane(*rows, j);
        }
      }
      double sum = 0;
      for (size_t c = 0; c < previous[j].size(); ++c) {
        sum += (previous[j][c] - next.x[j][c]) * (previous[j][c] - next.x[j][c]);
      }
      moved = std::max(moved, std::sqrt(sum));
      previous[j] = next.x[j];
    }
    x = std::move(next.x);
    ax = std::move(next.ax);
    p = std::move(next.p);
    ap = std::move(next.ap);
    converged = convergence.Record(moved, options.tolerance);
    if (converged || moved < options.accelerate_until ||
        pca.iterations >= std::min(options.max_iterations, options.accelerated_iterations) ||
        static_cast<int>(x.size()) < size) {
      break;
    }
  }
  return x;
}

}  // namespace plenary::opinion
