#include "engines/opinion/gram_product.h"

#include <cstring>

#include "engines/opinion/parallel.h"

namespace plenary::opinion {
namespace {

using Double2 = double __attribute__((vector_size(16)));

// y = Xc^T Xc w for a block of P vectors, one pass over the votes. Rows are split into fixed
// blocks whose partial sums are added in block order, so the result does not depend on the
// number of threads.
template <int P>
void MultiplyGram(const VoteMatrix& m, const std::vector<double>& center, const Block& w,
                  int threads, Block& y, Block& partial) {
  const size_t cols = m.cols;
  // w_1..w_P per column together (one gather per vote), in double precision: converting from
  // single precision cost more than the smaller footprint saved, and A w is then exact enough for
  // LOBPCG's images. Blocks of fewer than P vectors are padded with zeros.
  const int size = static_cast<int>(w.size());
  std::vector<double> cw(P * cols, 0.0);
  for (size_t c = 0; c < cols; ++c) {
    for (int j = 0; j < size; ++j) {
      cw[P * c + j] = w[j][c];
    }
  }
  const int blocks = BlockCount(m);
  const std::vector<int32_t> bounds = SplitRowsByVotes(m, blocks);
  partial.resize(blocks);
  RunTasks(blocks, threads, [&](int b) {
    partial[b].assign(P * cols, 0.0);  // reuses the previous pass's memory
    double* out = partial[b].data();
    std::vector<double> x_buffer;
    const double* mu = center.data();
    const double* table = cw.data();
    for (int32_t r = bounds[b]; r < bounds[b + 1]; ++r) {
      const uint64_t begin = m.row_start[r];
      const size_t length = m.row_start[r + 1] - begin;
      const uint32_t* col = m.col.data() + begin;
      const int8_t* value = m.value.data() + begin;
      x_buffer.resize(length);
      double* x = x_buffer.data();
      // Two lanes at a time (SSE2): the same products and sums as one at a time.
      // Even and odd votes in separate sums: two dependency chains instead of one.
      Double2 s[P / 2] = {}, odd[P / 2] = {};
      size_t k = 0;
      for (; k + 1 < length; k += 2) {
        const double* p = table + P * col[k];
        const double* q = table + P * col[k + 1];
        const double xk = value[k] - mu[col[k]];
        const double xl = value[k + 1] - mu[col[k + 1]];
        x[k] = xk;
        x[k + 1] = xl;
        for (int h = 0; h < P / 2; ++h) {
          Double2 f, g;
          std::memcpy(&f, p + 2 * h, sizeof f);
          std::memcpy(&g, q + 2 * h, sizeof g);
          s[h] += xk * f;
          odd[h] += xl * g;
        }
      }
      for (; k < length; ++k) {
        const double* p = table + P * col[k];
        const double xk = value[k] - mu[col[k]];
        x[k] = xk;
        for (int h = 0; h < P / 2; ++h) {
          Double2 f;
          std::memcpy(&f, p + 2 * h, sizeof f);
          s[h] += xk * f;
        }
      }
      for (int h = 0; h < P / 2; ++h) {
        s[h] += odd[h];
      }
      for (size_t k = 0; k < length; ++k) {
        const double xk = x[k];
        double* o = out + P * col[k];
        for (int h = 0; h < P / 2; ++h) {
          Double2 v;
          std::memcpy(&v, o + 2 * h, sizeof v);
          v += s[h] * xk;
          std::memcpy(o + 2 * h, &v, sizeof v);
        }
      }
    }
  });
  for (int b = 1; b < blocks; ++b) {
    for (size_t i = 0; i < partial[0].size(); ++i) {
      partial[0][i] += partial[b][i];
    }
  }
  y.assign(size, std::vector<double>(cols));
  for (size_t c = 0; c < cols; ++c) {
    for (int j = 0; j < size; ++j) {
      y[j][c] = partial[0][P * c + j];
    }
  }
}

void Multiply(const VoteMatrix& m, const std::vector<double>& center, const Block& w, int threads,
              Block& y, Block& partial) {
  switch (w.size()) {
    case 1:
    case 2:
      return MultiplyGram<2>(m, center, w, threads, y, partial);
    case 3:
    case 4:
      return MultiplyGram<4>(m, center, w, threads, y, partial);
    case 5:
    case 6:
      return MultiplyGram<6>(m, center, w, threads, y, partial);
    default:
      return MultiplyGram<8>(m, center, w, threads, y, partial);
  }
}

}  // namespace

Block GramProduct(const VoteMatrix& m, const std::vector<double>& center, const Block& w,
                  std::span<const uint8_t> mod_out, int threads, Block& partial) {
  Block y;
  Multiply(m, center, w, threads, y, partial);
  for (auto& v : y) {
    for (size_t c = 0; c < v.size(); ++c) {
      v[c] = mod_out[c] ? 0 : v[c];
    }
  }
  return y;
}

}  // namespace plenary::opinion
