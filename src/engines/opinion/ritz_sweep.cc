#include "engines/opinion/ritz_sweep.h"

#include <algorithm>

#include "engines/opinion/parallel.h"

namespace plenary::opinion {
namespace {

// Columns a range holds: the range's new vectors (5 n of them) stay in the second-level cache
// for their dot products. Tasks of whole ranges, as dense_block.cc's.
constexpr size_t kRange = 256;
constexpr int kTasks = 8;

// One dot product of the sweep: left . right, added to sum[at].
struct Pair {
  const double* left;
  const double* right;
  int at;
};

// The products the next basis [x, r, p] needs (see RitzSweep), in an order that lets each left
// vector's products go four at a time. `b` are the basis's vectors, `ab` their images (r's null).
std::vector<Pair> GramPairs(const std::vector<const double*>& b,
                            const std::vector<const double*>& ab, int n) {
  const int k = static_cast<int>(b.size());
  const auto is_r = [n](int i) { return i >= n && i < 2 * n; };
  std::vector<Pair> pairs;
  for (int i = 0; i < k; ++i) {
    for (int j = i; j < k; ++j) {
      pairs.push_back({b[i], b[j], i * k + j});
    }
    for (int j = i; j < k; ++j) {  // h, after g's k x k values
      if (is_r(i) && is_r(j)) {
        continue;
      }
      if (is_r(j)) {  // x_i . A r_j taken as (A x_i) . r_j
        continue;     // listed below, grouped by their left vector
      }
      pairs.push_back({b[i], ab[j], k * k + i * k + j});
    }
    if (!is_r(i)) {
      for (int j = std::max(i, n); j < 2 * n; ++j) {
        if (ab[i] != nullptr && j > i) {
          pairs.push_back({ab[i], b[j], k * k + i * k + j});
        }
      }
    }
  }
  return pairs;
}

// Adds the pairs' products over [begin, end) to `sum`, four at a time for pairs that share their
// left vector.
void AddPairs(const std::vector<Pair>& pairs, size_t begin, size_t end, double* sum) {
  double out[4];
  const double* right[4];
  for (size_t i = 0; i < pairs.size();) {
    size_t count = 1;
    while (count < 4 && i + count < pairs.size() && pairs[i + count].left == pairs[i].left) {
      ++count;
    }
    for (size_t jj = 0; jj < 4; ++jj) {
      right[jj] = pairs[i + std::min(jj, count - 1)].right;
    }
    DotFour(pairs[i].left, right, begin, end, out);
    for (size_t jj = 0; jj < count; ++jj) {
      sum[pairs[i + jj].at] += out[jj];
    }
    i += count;
  }
}

void Mirror(std::vector<double>& m, int k) {
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < i; ++j) {
      m[i * k + j] = m[j * k + i];
    }
  }
}

}  // namespace

namespace {

// Moves vector `from` of `block` into `to`; an empty vector when `from` is past its end.
void TakeFrom(Block& block, size_t from, std::vector<double>& to) {
  if (from < block.size()) {
    to = std::move(block[from]);
  }
}

}  // namespace

RitzSweep SweepRitz(Block s, Block as, const std::vector<double>& v, int n, size_t own,
                    std::span<const double> theta, std::span<const std::vector<double>> previous,
                    int threads, SpareVectors* spare) {
  const size_t cols = s.empty() ? 0 : s[0].size();
  const bool directions = s.size() > own;
  RitzSweep out;
  // Up to 4 results, each column's results are computed from all its inputs before any is
  // written (CombineRange), so they overwrite the basis: no memory is brought in to be written.
  // Each result takes a vector of the basis (the new block its old one, the search directions the
  // residuals', the residuals the old search directions'), or a spare one.
  const bool in_place = n <= 4;
  Block left_s, left_as;  // the basis's vectors that take no result
  if (in_place) {
    out.x.resize(n);
    out.ax.resize(n);
    out.r.resize(n);
    if (directions) {
      out.p.resize(n);
      out.ap.resize(n);
    }
    for (int j = 0; j < n; ++j) {
      TakeFrom(s, j, out.x[j]);
      TakeFrom(as, j, out.ax[j]);
      if (directions) {
        TakeFrom(s, own + j, out.p[j]);
        TakeFrom(as, own + j, out.ap[j]);
        TakeFrom(s, 2 * own + j, out.r[j]);
      }
    }
    for (Block* block : {&out.x, &out.ax, &out.p, &out.ap, &out.r}) {
      for (auto& vector : *block) {
        if (vector.empty()) {
          vector = std::move(TakeVectors(spare, 1, cols)[0]);
        }
      }
    }
  } else {
    out.x = TakeVectors(spare, n, cols);
    out.ax = TakeVectors(spare, n, cols);
    if (directions) {
      out.p = TakeVectors(spare, n, cols);
      out.ap = TakeVectors(spare, n, cols);
    }
    out.r = TakeVectors(spare, n, cols);
  }
  // The inputs, by pointer: their vectors may have moved into the results above (the memory
  // stays where it was).
  std::vector<const double*> in_s(s.size()), in_as(as.size());
  for (size_t i = 0; i < s.size(); ++i) {
    in_s[i] = s[i].data();
    in_as[i] = as[i].data();
  }
  if (in_place) {
    for (int j = 0; j < n; ++j) {
      in_s[j] = out.x[j].data();
      in_as[j] = out.ax[j].data();
      if (directions) {
        in_s[own + j] = out.p[j].data();
        in_as[own + j] = out.ap[j].data();
        if (2 * own + j < in_s.size()) {
          in_s[2 * own + j] = out.r[j].data();
        }
      }
    }
  }
  std::vector<const double*> b, ab;
  for (const Block* block : {&out.x, &out.r, &out.p}) {
    for (const auto& vector : *block) {
      b.push_back(vector.data());
    }
  }
  for (const auto& vector : out.ax) {
    ab.push_back(vector.data());
  }
  ab.insert(ab.end(), n, nullptr);  // the residuals' images come later
  for (const auto& vector : out.ap) {
    ab.push_back(vector.data());
  }
  const int k = static_cast<int>(b.size());
  std::vector<Pair> pairs = GramPairs(b, ab, n);
  const int moved = std::min<int>(n, static_cast<int>(previous.size()));
  for (int j = 0; j < moved; ++j) {
    pairs.push_back({previous[j].data(), b[j], 2 * k * k + j});
  }
  std::vector<double*> x_out, p_out, ax_out, ap_out;
  for (auto [block, pointers] : {std::pair{&out.x, &x_out}, std::pair{&out.p, &p_out},
                                 std::pair{&out.ax, &ax_out}, std::pair{&out.ap, &ap_out}}) {
    for (auto& vector : *block) {
      pointers->push_back(vector.data());
    }
  }
  const int ranges = static_cast<int>((cols + kRange - 1) / kRange);
  const int tasks = std::min(kTasks, std::max(ranges, 1));
  std::vector<std::vector<double>> partial(tasks, std::vector<double>(2 * k * k + 2, 0.0));
  RunTasks(tasks, cols < 4 * kRange ? 1 : threads, [&](int t) {
    std::vector<double> scratch;
    std::vector<double>& sum = partial[t];
    std::vector<double> range_sums(sum.size());
    for (int range = ranges * t / tasks; range < ranges * (t + 1) / tasks; ++range) {
      const size_t begin = range * kRange, end = std::min(cols, begin + kRange);
      CombineRange(in_s, v, n, n, own, begin, end, x_out, directions ? &p_out : nullptr, scratch);
      CombineRange(in_as, v, n, n, own, begin, end, ax_out, directions ? &ap_out : nullptr,
                   scratch);
      for (int j = 0; j < n; ++j) {
        const double* x = out.x[j].data();
        const double* ax = out.ax[j].data();
        double* r = out.r[j].data();
        for (size_t c = begin; c < end; ++c) {
          r[c] = ax[c] - theta[j] * x[c];
        }
      }
      std::fill(range_sums.begin(), range_sums.end(), 0.0);
      AddPairs(pairs, begin, end, range_sums.data());
      for (size_t i = 0; i < sum.size(); ++i) {
        sum[i] += range_sums[i];
      }
    }
  });
  out.k = k;
  out.g.assign(k * k, 0.0);
  out.h.assign(k * k, 0.0);
  for (const auto& part : partial) {
    for (int i = 0; i < k * k; ++i) {
      out.g[i] += part[i];
      out.h[i] += part[k * k + i];
    }
    for (int j = 0; j < moved; ++j) {
      out.along[j] += part[2 * k * k + j];
    }
  }
  Mirror(out.g, k);
  Mirror(out.h, k);
  // What is left of the basis is spare.
  for (Block* used : {&s, &as}) {
    for (auto& vector : *used) {
      if (spare != nullptr && !vector.empty() && spare->size() < 5 * static_cast<size_t>(n)) {
        spare->push_back(std::move(vector));
      }
    }
  }
  return out;
}

void FillResidualBlock(const Block& r, const Block& ar, int k, std::vector<double>& h,
                       int threads) {
  std::vector<double> rg, rh;
  GramMatrices(r, ar, rg, rh, threads);
  const int n = static_cast<int>(r.size());
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      h[(n + i) * k + n + j] = rh[i * n + j];
    }
  }
}

void NegateInGram(int j, int k, std::vector<double>& g, std::vector<double>& h) {
  for (auto* m : {&g, &h}) {
    for (int i = 0; i < k; ++i) {
      (*m)[i * k + j] = -(*m)[i * k + j];
      (*m)[j * k + i] = -(*m)[j * k + i];
    }
  }
}

}  // namespace plenary::opinion
