#include "engines/opinion/lobpcg.h"

#include <algorithm>
#include <cmath>

#include "engines/opinion/ritz_sweep.h"
#include "engines/opinion/row_sums.h"

namespace plenary::opinion {
namespace {

// The Rayleigh-Ritz step of LOBPCG from the Gram matrices g = s^T s and h = s^T A s (k x k) of
// its basis s: the Ritz vectors' coefficients over s (k x n, row-major), n = min(size, the
// basis's independent directions), and their Ritz values in decreasing order.
struct RitzStep {
  std::vector<double> v;
  std::vector<double> values;
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

RitzStep RayleighRitz(const std::vector<double>& g, const std::vector<double>& h, int k, int size) {
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
  std::vector<double> values = SymmetricEigen(c, kept, u);
  RitzStep out;
  out.n = std::min(size, kept);
  const int n = out.n;
  // The Ritz vectors' coefficients over s: v = t u (k x n).
  out.v.assign(k * n, 0.0);
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < n; ++j) {
      for (int l = 0; l < kept; ++l) {
        out.v[i * n + j] += t[i * kept + l] * u[l * kept + j];
      }
    }
  }
  values.resize(n);
  out.values = std::move(values);
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
               RowsSpare& spare, const RitzStep& next, size_t own, size_t basis, int threads) {
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
  Block p, ap, r;
  // With `rows`: the rows' products with x (rows->sums), with the residuals (from their pass) and
  // with the search directions, each combined as the vectors are.
  RowSums r_rows;
  r_rows.moderated_count = ModeratedCount::kNone;  // counted by the first pass
  std::vector<double> p_rows;
  RowsSpare spare;
  const int axes = std::min(size, 2);
  std::vector<double> previous[2];
  double previous_norm[2] = {0, 0};  // previous[j] . previous[j]
  for (int j = 0; j < axes; ++j) {
    previous[j] = x[j];
    previous_norm[j] = Dot(x[j], x[j]);
  }
  // The Gram matrices of the basis [x, r, p], from the last sweep.
  std::vector<double> g, h;
  // Vectors of the last iteration's basis that took no result, for this one's.
  SpareVectors vectors;
  for (bool first = true;; first = false) {
    Block s = std::move(x), as = std::move(ax);
    const size_t own = s.size();
    if (first) {
      GramMatrices(s, as, g, h, threads);
    } else {
      Block ar = GramProduct(matrix, pca.center, r, mod_out, threads, scratch, single,
                             rows != nullptr ? &r_rows : nullptr, overlay);
      ++pca.iterations;
      FillResidualBlock(r, ar, static_cast<int>(own + r.size() + p.size()), h, threads);
      for (size_t j = 0; j < r.size(); ++j) {
        s.push_back(std::move(r[j]));
        as.push_back(std::move(ar[j]));
      }
      for (size_t j = 0; j < p.size(); ++j) {
        s.push_back(std::move(p[j]));
        as.push_back(std::move(ap[j]));
      }
    }
    const size_t basis = s.size();
    const RitzStep step = RayleighRitz(g, h, static_cast<int>(basis), size);
    RitzSweep next = SweepRitz(std::move(s), std::move(as), step.v, step.n, own, step.values,
                               std::span(previous, static_cast<size_t>(axes)), threads, &vectors);
    pca.eigenvalues = {step.values[0], step.n > 1 ? step.values[1] : 0.0};
    if (rows != nullptr) {
      TrackRows(*rows, r_rows, p_rows, spare, step, own, basis, threads);
    }
    // Each axis's move from its previous value, |a - b|^2 = a.a - 2 a.b + b.b, with the sign of
    // the new axis chosen to follow the previous one.
    double moved = 0;
    for (int j = 0; j < axes && j < step.n; ++j) {
      if (next.along[j] < 0) {
        for (Block* block : {&next.x, &next.ax, &next.r}) {
          Negate((*block)[j]);
        }
        NegateInGram(j, next.k, next.g, next.h);
        NegateInGram(step.n + j, next.k, next.g, next.h);
        if (rows != nullptr) {
          NegateLane(*rows, j);
        }
      }
      const double norm = next.g[j * next.k + j];
      moved = std::max(
          moved, std::sqrt(std::max(0.0, previous_norm[j] - 2 * std::abs(next.along[j]) + norm)));
      previous[j] = next.x[j];
      previous_norm[j] = norm;
    }
    x = std::move(next.x);
    ax = std::move(next.ax);
    p = std::move(next.p);
    ap = std::move(next.ap);
    r = std::move(next.r);
    g = std::move(next.g);
    h = std::move(next.h);
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
