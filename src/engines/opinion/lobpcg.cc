#include "engines/opinion/lobpcg.h"

#include <algorithm>
#include <cmath>

#include "engines/opinion/gram_product.h"

namespace plenary::opinion {
namespace {

// Gram-Schmidt (twice) of the basis s, applying the same operations to its images as = A s, so
// that as stays A s. The first `orthonormal` vectors are taken as they are; later vectors that
// vanish against the earlier ones are dropped.
void OrthonormalizeWithImages(Block& s, Block& as, size_t orthonormal) {
  Block kept_s, kept_as;
  for (size_t j = 0; j < s.size(); ++j) {
    if (j < orthonormal) {
      kept_s.push_back(std::move(s[j]));
      kept_as.push_back(std::move(as[j]));
      continue;
    }
    const double before = std::sqrt(Dot(s[j], s[j]));
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t i = 0; i < kept_s.size(); ++i) {
        const double d = Dot(kept_s[i], s[j]);
        for (size_t c = 0; c < s[j].size(); ++c) {
          s[j][c] -= d * kept_s[i][c];
          as[j][c] -= d * kept_as[i][c];
        }
      }
    }
    const double after = std::sqrt(Dot(s[j], s[j]));
    if (!(after > 1e-8 * before) || !(after > 0)) {
      continue;
    }
    for (size_t c = 0; c < s[j].size(); ++c) {
      s[j][c] /= after;
      as[j][c] /= after;
    }
    kept_s.push_back(std::move(s[j]));
    kept_as.push_back(std::move(as[j]));
  }
  s = std::move(kept_s);
  as = std::move(kept_as);
}

// sum_k coefficient(k, j) s[k] over k in [from, s.size()), for j < n.
Block Combine(const Block& s, const std::vector<double>& vectors, int m, int n, size_t from) {
  Block out(n, std::vector<double>(s[0].size(), 0.0));
  for (int j = 0; j < n; ++j) {
    for (size_t k = from; k < s.size(); ++k) {
      const double f = vectors[k * m + j];
      for (size_t c = 0; c < s[k].size(); ++c) {
        out[j][c] += f * s[k][c];
      }
    }
  }
  return out;
}

// The Rayleigh-Ritz step of LOBPCG over the orthonormal basis s (images as), whose first
// `own` vectors are the current block: the new block, its images and the new search directions
// (the new block's part outside the current one), in decreasing Ritz value order.
struct RitzBlock {
  Block x, ax, p, ap;
  std::array<double, 2> values{0, 0};
};

RitzBlock RayleighRitz(const Block& s, const Block& as, size_t own, int size) {
  const int m = static_cast<int>(s.size());
  std::vector<double> h(m * m);
  for (int i = 0; i < m; ++i) {
    for (int j = i; j < m; ++j) {
      h[i * m + j] = h[j * m + i] = Dot(s[i], as[j]);  // A is symmetric
    }
  }
  std::vector<double> v;
  const std::vector<double> values = SymmetricEigen(h, m, v);
  const int n = std::min(size, m);
  RitzBlock out;
  out.values = {values[0], m > 1 ? values[1] : 0.0};
  out.x = Combine(s, v, m, n, 0);
  out.ax = Combine(as, v, m, n, 0);
  if (static_cast<size_t>(m) > own) {
    out.p = Combine(s, v, m, n, own);
    out.ap = Combine(as, v, m, n, own);
  }
  return out;
}

void Negate(std::vector<double>& v) {
  for (double& x : v) {
    x = -x;
  }
}

}  // namespace

Block Lobpcg(const VoteMatrix& matrix, Pca& pca, Block x, std::span<const uint8_t> mod_out,
             const PcaOptions& options, Block& partial, bool& converged) {
  const int size = static_cast<int>(x.size());
  Block ax = GramProduct(matrix, pca.center, x, mod_out, options.threads, partial);
  ++pca.iterations;
  Block p, ap;
  std::vector<double> previous[2] = {x[0], x[1]};
  for (bool first = true;; first = false) {
    Block s = x, as = ax;
    const size_t own = s.size();
    if (!first) {
      Block r(size, std::vector<double>(x[0].size()));
      for (int j = 0; j < size; ++j) {
        const double t = Dot(x[j], ax[j]);
        for (size_t c = 0; c < r[j].size(); ++c) {
          r[j][c] = ax[j][c] - t * x[j][c];
        }
      }
      Block ar = GramProduct(matrix, pca.center, r, mod_out, options.threads, partial);
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
    // The block is orthonormal already, except for the seeded start before the first pass.
    OrthonormalizeWithImages(s, as, first ? 0 : own);
    RitzBlock next = RayleighRitz(s, as, std::min(own, s.size()), size);
    pca.eigenvalues = next.values;
    double moved = 0;
    for (int j = 0; j < 2 && j < static_cast<int>(next.x.size()); ++j) {
      if (Dot(previous[j], next.x[j]) < 0) {
        Negate(next.x[j]);
        Negate(next.ax[j]);
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
    converged = moved < options.tolerance;
    if (moved < std::max(options.tolerance, options.accelerate_until) ||
        pca.iterations >= std::min(options.max_iterations, options.accelerated_iterations) ||
        static_cast<int>(x.size()) < size) {
      break;
    }
  }
  return x;
}

}  // namespace plenary::opinion
