#include "engines/opinion/dense_block.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "engines/opinion/avx2_clones.h"
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

namespace {

// Four partial sums (a fixed order, so the result is deterministic), one per lane: built for the
// baseline and for AVX2 (one instruction for the four instead of two; no FMA in the clone's
// target, so both give the same value).
PLENARY_AVX2_CLONES double DotRange(const double* a, const double* b, size_t n) {
  Double4 sum = {0, 0, 0, 0};
  const size_t body = n - n % 4;
  for (size_t i = 0; i < body; i += 4) {
    Double4 x, y;
    std::memcpy(&x, a + i, sizeof x);
    std::memcpy(&y, b + i, sizeof y);
    sum += x * y;
  }
  double first = sum[0];
  for (size_t i = body; i < n; ++i) {
    first += a[i] * b[i];
  }
  return (first + sum[1]) + (sum[2] + sum[3]);
}

// y[c] += a x[c], built like DotRange.
PLENARY_AVX2_CLONES void AddScaledRange(double* __restrict y, double a, const double* x, size_t n) {
  for (size_t c = 0; c < n; ++c) {
    y[c] += a * x[c];
  }
}

}  // namespace

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  return DotRange(a.data(), b.data(), a.size());
}

void AddScaled(std::vector<double>& y, double a, const std::vector<double>& x) {
  AddScaledRange(y.data(), a, x.data(), y.size());
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

// Adds to g[jj] the products of si with sj[jj], and to h[jj] those of si with aj[jj], for jj < 4,
// over columns [begin, end): one load of si serves 8 products. Four lanes (columns c mod 4 apart,
// then added pairwise); built for the baseline and for AVX2, without FMA in the clone's target,
// so both give the same values.
PLENARY_AVX2_CLONES void AddProducts(const double* si, const double* const* sj,
                                     const double* const* aj, size_t begin, size_t end, double* g,
                                     double* h) {
  Double4 gs[4] = {}, hs[4] = {};
  size_t c = begin;
  for (; c + 4 <= end; c += 4) {
    Double4 a, b, d;
    std::memcpy(&a, si + c, sizeof a);
    for (int jj = 0; jj < 4; ++jj) {
      std::memcpy(&b, sj[jj] + c, sizeof b);
      std::memcpy(&d, aj[jj] + c, sizeof d);
      gs[jj] += a * b;
      hs[jj] += a * d;
    }
  }
  for (int jj = 0; jj < 4; ++jj) {
    double gt = (gs[jj][0] + gs[jj][1]) + (gs[jj][2] + gs[jj][3]);
    double ht = (hs[jj][0] + hs[jj][1]) + (hs[jj][2] + hs[jj][3]);
    for (size_t t = c; t < end; ++t) {
      gt += si[t] * sj[jj][t];
      ht += si[t] * aj[jj][t];
    }
    g[jj] = gt;
    h[jj] = ht;
  }
}

// Four combinations at once over columns [begin, end): out[j][c] = sum over
// k < count of f[4 k + j] in[k][c], and, when `tail` is not null, tail[j][c] = the same sum over
// k >= from only. With a tail, out is the sum over k < from plus the tail (each of the two sums
// over k in order), so the vectors from `from` on are multiplied once. Built like AddProducts.
// Four sums of f[4 k + j] in[k][c..c+4) over k in [first, last), for j < 4. Named
// accumulators, not an array: GCC kept an array's four in memory (zeroed with `rep stos` for each
// four columns).
struct Four {
  Double4 a, b, c, d;
};

[[gnu::always_inline]] inline Four SumFour(const double* const* in, const double* f, size_t first,
                                           size_t last, size_t column) {
  Four sum = {};
  for (size_t k = first; k < last; ++k) {
    Double4 v;
    std::memcpy(&v, in[k] + column, sizeof v);
    sum.a += f[4 * k] * v;
    sum.b += f[4 * k + 1] * v;
    sum.c += f[4 * k + 2] * v;
    sum.d += f[4 * k + 3] * v;
  }
  return sum;
}

[[gnu::always_inline]] inline void StoreFour(double* const* out, size_t column, const Four& sum) {
  std::memcpy(out[0] + column, &sum.a, sizeof sum.a);
  std::memcpy(out[1] + column, &sum.b, sizeof sum.b);
  std::memcpy(out[2] + column, &sum.c, sizeof sum.c);
  std::memcpy(out[3] + column, &sum.d, sizeof sum.d);
}

PLENARY_AVX2_CLONES void CombineFour(const double* const* in, size_t count, const double* f,
                                     size_t from, size_t begin, size_t end, double* const* out,
                                     double* const* tail) {
  const size_t head = tail != nullptr ? std::min(from, count) : count;
  size_t c = begin;
  for (; c + 4 <= end; c += 4) {
    Four acc = SumFour(in, f, 0, head, c);
    if (tail != nullptr) {
      const Four rest = SumFour(in, f, head, count, c);
      StoreFour(tail, c, rest);
      acc.a += rest.a;
      acc.b += rest.b;
      acc.c += rest.c;
      acc.d += rest.d;
    }
    StoreFour(out, c, acc);
  }
  for (; c < end; ++c) {  // every output computed before any is written (they may be inputs)
    double acc[4] = {}, rest[4] = {};
    for (int j = 0; j < 4; ++j) {
      for (size_t k = 0; k < head; ++k) {
        acc[j] += f[4 * k + j] * in[k][c];
      }
      for (size_t k = head; k < count; ++k) {
        rest[j] += f[4 * k + j] * in[k][c];
      }
    }
    for (int j = 0; j < 4; ++j) {
      if (tail != nullptr) {
        tail[j][c] = rest[j];
        acc[j] += rest[j];
      }
      out[j][c] = acc[j];
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

// out[jj] = a . b[jj] over columns [begin, end), for jj < 4: AddProducts without its second set.
PLENARY_AVX2_CLONES void DotFourRange(const double* a, const double* const* b, size_t begin,
                                      size_t end, double* out) {
  Double4 sums[4] = {};
  size_t c = begin;
  for (; c + 4 <= end; c += 4) {
    Double4 x, y;
    std::memcpy(&x, a + c, sizeof x);
    for (int jj = 0; jj < 4; ++jj) {
      std::memcpy(&y, b[jj] + c, sizeof y);
      sums[jj] += x * y;
    }
  }
  for (int jj = 0; jj < 4; ++jj) {
    double total = (sums[jj][0] + sums[jj][1]) + (sums[jj][2] + sums[jj][3]);
    for (size_t t = c; t < end; ++t) {
      total += a[t] * b[jj][t];
    }
    out[jj] = total;
  }
}

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
    const double* sj[4];
    const double* aj[4];
    for (int range = ranges * t / tasks; range < ranges * (t + 1) / tasks; ++range) {
      const size_t begin = range * kRange, end = std::min(cols, begin + kRange);
      for (int i = 0; i < k; ++i) {
        for (int j = i; j < k; j += 4) {
          const int count = std::min(4, k - j);
          for (int jj = 0; jj < 4; ++jj) {
            // Partners past the last vector repeat the last one (their products are not kept).
            sj[jj] = s[j + std::min(jj, count - 1)].data();
            aj[jj] = as[j + std::min(jj, count - 1)].data();
          }
          AddProducts(s[i].data(), sj, aj, begin, end, gs, hs);
          for (int jj = 0; jj < count; ++jj) {
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

namespace {

// Combine's outputs [first, first + 4) over columns [begin, end), from the vectors `in`, and
// with `tail` the same combinations over the vectors from `from` on: coefficients padded to 4
// outputs, padded outputs written to `scratch`.
void CombineTask(const std::vector<const double*>& in, const std::vector<double>& coefficients,
                 int stride, int n, size_t from, int first, size_t begin, size_t end,
                 const std::vector<double*>& out, const std::vector<double*>* tail,
                 std::vector<double>& scratch) {
  const size_t count = in.size();
  std::vector<double> f(4 * count, 0.0);
  for (size_t k = 0; k < count; ++k) {
    for (int j = 0; j < 4 && first + j < n; ++j) {
      f[4 * k + j] = coefficients[k * stride + first + j];
    }
  }
  double* o[4];
  double* r[4];
  for (int j = 0; j < 4; ++j) {
    o[j] = first + j < n ? out[first + j] : scratch.data();
    r[j] = tail != nullptr && first + j < n ? (*tail)[first + j] : scratch.data();
  }
  CombineFour(in.data(), count, f.data(), from, begin, end, o, tail != nullptr ? r : nullptr);
}

Block CombineBlocks(const Block& s, const std::vector<double>& coefficients, int stride, int n,
                    size_t skip, size_t from, int threads, Block* tail, SpareVectors* spare) {
  const size_t cols = s.empty() ? 0 : s[0].size();
  Block out = TakeVectors(spare, n, cols);
  if (tail != nullptr) {
    *tail = TakeVectors(spare, n, cols);
  }
  if (skip >= s.size()) {  // empty sums
    for (auto* block : {&out, tail}) {
      for (size_t j = 0; block != nullptr && j < block->size(); ++j) {
        std::fill((*block)[j].begin(), (*block)[j].end(), 0.0);
      }
    }
    return out;
  }
  // The coefficients from `skip` on, for the vectors from `skip` on.
  const std::vector<double> tail_coefficients(coefficients.begin() + skip * stride,
                                              coefficients.end());
  std::vector<const double*> in;
  for (size_t k = skip; k < s.size(); ++k) {
    in.push_back(s[k].data());
  }
  std::vector<double*> out_at, tail_at;
  for (int j = 0; j < n; ++j) {
    out_at.push_back(out[j].data());
    if (tail != nullptr) {
      tail_at.push_back((*tail)[j].data());
    }
  }
  const int ranges = RangeCount(cols);
  const int tasks = std::min(kTasks, std::max(ranges, 1));
  RunTasks(tasks, cols < 4 * kRange ? 1 : threads, [&](int t) {
    const size_t begin = std::min(cols, kRange * (ranges * t / tasks));
    const size_t end = std::min(cols, kRange * (ranges * (t + 1) / tasks));
    std::vector<double> scratch;
    CombineRange(in, tail_coefficients, stride, n, from - skip, begin, end, out_at,
                 tail != nullptr ? &tail_at : nullptr, scratch);
  });
  return out;
}

}  // namespace

void CombineRange(const std::vector<const double*>& in, const std::vector<double>& coefficients,
                  int stride, int n, size_t from, size_t begin, size_t end,
                  const std::vector<double*>& out, const std::vector<double*>* tail,
                  std::vector<double>& scratch) {
  if (n % 4 != 0 && scratch.size() < end) {
    scratch.resize(end);
  }
  for (int j = 0; j < n; j += 4) {
    CombineTask(in, coefficients, stride, n, from, j, begin, end, out, tail, scratch);
  }
}

void DotFour(const double* a, const double* const* b, size_t begin, size_t end, double* out) {
  DotFourRange(a, b, begin, end, out);
}

Block TakeVectors(SpareVectors* spare, int n, size_t size) {
  Block out(n);
  for (auto& v : out) {
    if (spare != nullptr && !spare->empty()) {
      v = std::move(spare->back());
      spare->pop_back();
    }
    v.resize(size);
  }
  return out;
}

Block Combine(const Block& s, const std::vector<double>& coefficients, int stride, int n,
              size_t from, int threads, SpareVectors* spare) {
  return CombineBlocks(s, coefficients, stride, n, from, s.size(), threads, nullptr, spare);
}

Block CombineWithTail(const Block& s, const std::vector<double>& coefficients, int stride, int n,
                      size_t from, int threads, Block& tail, SpareVectors* spare) {
  return CombineBlocks(s, coefficients, stride, n, 0, std::min(from, s.size()), threads, &tail,
                       spare);
}

}  // namespace plenary::opinion
