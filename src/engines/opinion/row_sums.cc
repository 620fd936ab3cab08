#include "engines/opinion/row_sums.h"

#include <algorithm>

#include "engines/opinion/avx2_clones.h"
#include "engines/opinion/parallel.h"

namespace plenary::opinion {
namespace {

// Rows [begin, end) of CombineRowSums for n <= 4 and stride 4, with `count` inputs (4, 8 or 12:
// whole blocks of 4), four lanes at a time: out = sum over k of row[k] f[k], and, when `tail` is
// not null, tail = the same sum over k >= 4 and out = the sum over k < 4 plus tail (LOBPCG's next
// block and search directions in one read of the rows, summed as CombineRange sums the vectors).
// Built for the baseline and for AVX2 (one instruction a lane group instead of two); without FMA in
// the clone's target nothing is contracted, so both give the same values.
PLENARY_AVX2_CLONES void CombineRowsOfFour(const double* const* in, int count, const Double4* f,
                                           size_t begin, size_t end, double* __restrict out,
                                           double* __restrict tail) {
  for (size_t i = begin; i < end; ++i) {
    double row[12];
    for (int p = 0; p < count / 4; ++p) {
      __builtin_memcpy(row + 4 * p, in[p] + 4 * i, 4 * sizeof(double));
    }
    Double4 acc = row[0] * f[0];
    for (int k = 1; k < 4; ++k) {
      acc += row[k] * f[k];
    }
    if (tail != nullptr && count > 4) {  // as CombineFour: the rows before 4, plus the tail
      Double4 rest = row[4] * f[4];
      for (int k = 5; k < count; ++k) {
        rest += row[k] * f[k];
      }
      __builtin_memcpy(tail + 4 * i, &rest, sizeof rest);
      acc += rest;
    } else {
      for (int k = 4; k < count; ++k) {
        acc += row[k] * f[k];
      }
    }
    __builtin_memcpy(out + 4 * i, &acc, sizeof acc);
  }
}

// The general case (wider blocks), lane by lane.
void CombineAny(std::span<const RowBlock> blocks, int stride, std::span<const double> coefficients,
                int n, int from, size_t begin, size_t end, double* out) {
  for (size_t i = begin; i < end; ++i) {
    double* o = out + i * stride;
    std::fill(o, o + stride, 0.0);
    int k = 0;
    for (const RowBlock& b : blocks) {
      const double* row = b.sums + i * stride;
      for (int j = 0; j < b.vectors; ++j, ++k) {
        if (k < from) {
          continue;
        }
        for (int l = 0; l < n; ++l) {
          o[l] += row[j] * coefficients[k * n + l];
        }
      }
    }
  }
}

// Rows per task, at most: enough work to be worth handing to a thread (4096 rows of 12 inputs,
// ~20-40 microseconds), and two tasks from 4k rows (7.9k_x_7.8k's combinations replace a
// projection pass that ran on both threads).
constexpr size_t kRowsPerTask = 4096;

}  // namespace

void CombineRowSums(std::span<const RowBlock> blocks, size_t rows, int stride,
                    std::span<const double> coefficients, int n, int from, int threads,
                    std::vector<double>& out, std::vector<double>* tail) {
  out.resize(rows * stride);
  if (tail != nullptr) {
    tail->resize(rows * stride);
  }
  const int tasks = static_cast<int>(std::max<size_t>(1, (rows + kRowsPerTask - 1) / kRowsPerTask));
  int total = 0;
  bool whole = stride == 4 && n <= 4 && blocks.size() <= 3 && (tail == nullptr || from == 4);
  for (const RowBlock& b : blocks) {
    whole = whole && b.vectors == 4;
    total += b.vectors;
  }
  if (whole) {
    const double* in[3];
    for (size_t p = 0; p < blocks.size(); ++p) {
      in[p] = blocks[p].sums;
    }
    // Each input's coefficients as a lane group (0 past n).
    std::vector<Double4> f(total, Double4{0, 0, 0, 0});
    for (int k = 0; k < total; ++k) {
      for (int l = 0; l < n; ++l) {
        f[k][l] = coefficients[k * n + l];
      }
    }
    RunTasks(tasks, threads, [&](int t) {
      CombineRowsOfFour(in, total, f.data(), rows * t / tasks, rows * (t + 1) / tasks, out.data(),
                        tail != nullptr ? tail->data() : nullptr);
    });
    return;
  }
  RunTasks(tasks, threads, [&](int t) {
    CombineAny(blocks, stride, coefficients, n, 0, rows * t / tasks, rows * (t + 1) / tasks,
               out.data());
    if (tail != nullptr) {
      CombineAny(blocks, stride, coefficients, n, from, rows * t / tasks, rows * (t + 1) / tasks,
                 tail->data());
    }
  });
}

}  // namespace plenary::opinion
