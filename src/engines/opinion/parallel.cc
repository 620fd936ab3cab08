#include "engines/opinion/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace plenary::opinion {

void RunTasks(int count, int threads, const std::function<void(int)>& task) {
  threads = std::max(1, std::min(threads, count));
  if (threads == 1) {
    for (int i = 0; i < count; ++i) {
      task(i);
    }
    return;
  }
  std::atomic<int> next{0};
  auto work = [&] {
    for (int i = next++; i < count; i = next++) {
      task(i);
    }
  };
  std::vector<std::jthread> helpers;
  helpers.reserve(threads - 1);
  for (int t = 1; t < threads; ++t) {
    helpers.emplace_back(work);
  }
  work();
}

std::vector<int32_t> SplitRowsByVotes(const VoteMatrix& matrix, int blocks) {
  std::vector<int32_t> bounds(blocks + 1, matrix.rows);
  bounds[0] = 0;
  const uint64_t nnz = matrix.row_start[matrix.rows];
  for (int b = 1; b < blocks; ++b) {
    const uint64_t target = nnz * b / blocks;
    const auto it = std::lower_bound(matrix.row_start.begin(), matrix.row_start.end(), target);
    bounds[b] = std::max(bounds[b - 1], static_cast<int32_t>(std::min<ptrdiff_t>(
                                            it - matrix.row_start.begin(), matrix.rows)));
  }
  return bounds;
}

int BlockCount(const VoteMatrix& matrix) {
  return matrix.nnz() < 200'000 ? 1 : 8;
}

}  // namespace plenary::opinion
