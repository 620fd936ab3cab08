#include "engines/opinion/projection.h"

#include <cmath>
#include <utility>

#include "engines/opinion/parallel.h"

namespace plenary::opinion {

std::vector<Point> ProjectParticipants(const VoteMatrix& matrix, const Pca& pca,
                                       std::span<const uint8_t> mod_out, int threads,
                                       std::vector<int32_t>* moderated) {
  const size_t cols = matrix.cols;
  size_t mod_out_count = 0;
  std::vector<double> cw(3 * cols);
  for (size_t c = 0; c < cols; ++c) {
    mod_out_count += mod_out[c] ? 1 : 0;
    cw[3 * c] = pca.center[c];
    cw[3 * c + 1] = mod_out[c] ? 0 : pca.axes[0][c];
    cw[3 * c + 2] = mod_out[c] ? 0 : pca.axes[1][c];
  }
  std::vector<Point> points(matrix.rows);
  if (moderated != nullptr) {
    moderated->resize(matrix.rows);  // every row's written below
  }
  const int blocks = BlockCount(matrix);
  const std::vector<int32_t> bounds = SplitRowsByVotes(matrix, blocks);
  RunTasks(blocks, threads, [&](int b) {
    for (int32_t r = bounds[b]; r < bounds[b + 1]; ++r) {
      double x = 0;
      double y = 0;
      size_t observed = mod_out_count;
      for (uint64_t k = matrix.row_start[r]; k < matrix.row_start[r + 1]; ++k) {
        const uint32_t c = matrix.col[k];
        const double* p = &cw[3 * c];
        const double d = matrix.value[k] - p[0];
        x += d * p[1];
        y += d * p[2];
        observed += mod_out[c] ? 0 : 1;
      }
      const double scale =
          std::sqrt(static_cast<double>(cols) / static_cast<double>(std::max<size_t>(1, observed)));
      points[r] = {scale * x, scale * y};
      if (moderated != nullptr) {
        (*moderated)[r] = static_cast<int32_t>(matrix.RowLength(r) - (observed - mod_out_count));
      }
    }
  });
  return points;
}

std::vector<Point> ProjectFromRows(const VoteMatrix& matrix, const RowProjection& projection,
                                   std::span<const uint8_t> mod_out, const VoteOverlay* overlay,
                                   int threads, std::vector<Point> memory) {
  const size_t cols = matrix.cols;
  size_t mod_out_count = 0;
  for (size_t c = 0; c < cols; ++c) {
    mod_out_count += mod_out[c] ? 1 : 0;
  }
  const int stride = projection.rows.stride;
  const double* first = projection.coefficients[0].data();
  const double* second = projection.coefficients[1].data();
  std::vector<Point> points = std::move(memory);
  points.resize(matrix.rows);  // every row is written below
  // A row costs a few nanoseconds: below some 64k rows a helper thread would cost more to wake
  // (and to spin beside this one on the same core) than it saves (7.9k_x_7.8k's 7,890 rows take
  // ~40 microseconds).
  constexpr int32_t kRowsForThreads = 65'536;
  constexpr int kBlocks = 8;
  const int blocks = matrix.rows < kRowsForThreads ? 1 : kBlocks;
  RunTasks(blocks, threads, [&](int b) {
    const auto begin = static_cast<int32_t>(int64_t{matrix.rows} * b / blocks);
    const auto end = static_cast<int32_t>(int64_t{matrix.rows} * (b + 1) / blocks);
    for (int32_t r = begin; r < end; ++r) {
      const double* sums = projection.rows.sums.data() + static_cast<size_t>(r) * stride;
      double x = 0, y = 0;
      for (int j = 0; j < stride; ++j) {
        x += sums[j] * first[j];
        y += sums[j] * second[j];
      }
      const size_t votes = matrix.RowLength(r) + (overlay != nullptr ? overlay->Added(r) : 0);
      const size_t observed =
          mod_out_count + votes - static_cast<size_t>(projection.rows.moderated[r]);
      const double scale =
          std::sqrt(static_cast<double>(cols) / static_cast<double>(std::max<size_t>(1, observed)));
      points[r] = {scale * x, scale * y};
    }
  });
  return points;
}

std::vector<double> CommentExtremity(const Pca& pca) {
  const size_t cols = pca.center.size();
  const double root_m = std::sqrt(static_cast<double>(cols));
  std::vector<double> extremity(cols);
  // sqrt(a^2 + b^2) rather than std::hypot (a library call per comment, ~20 ns): the entries of
  // unit axes are at most 1, so nothing overflows or underflows that matters.
  for (size_t c = 0; c < cols; ++c) {
    const double a = pca.axes[0][c], b = pca.axes[1][c];
    extremity[c] = root_m * std::abs(1.0 - pca.center[c]) * std::sqrt(a * a + b * b);
  }
  return extremity;
}

}  // namespace plenary::opinion
