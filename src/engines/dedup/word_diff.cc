#include "engines/dedup/word_diff.h"

#include <algorithm>
#include <cstdint>

namespace plenary::dedup {
namespace {

// The furthest-reaching frontier of every round of the forward pass.
struct Trace {
  std::vector<std::vector<int64_t>> frontiers;  // V before each d, over k in [-d, d]
};

// Turns the matched positions (x, y) of the backtracked path into hunks between them.
std::vector<DiffHunk> HunksFromMatches(const std::vector<std::pair<size_t, size_t>>& matches,
                                       size_t n, size_t m, size_t offset) {
  std::vector<DiffHunk> hunks;
  size_t x = 0;
  size_t y = 0;
  auto flush = [&](size_t to_x, size_t to_y) {
    if (to_x > x || to_y > y) {
      hunks.push_back({x + offset, to_x + offset, y + offset, to_y + offset});
    }
  };
  for (const auto& [mx, my] : matches) {
    flush(mx, my);
    x = mx + 1;
    y = my + 1;
  }
  flush(n, m);
  return hunks;
}

// The greedy forward pass; returns false when more than max_edits are needed.
bool ForwardPass(std::span<const std::string_view> a, std::span<const std::string_view> b,
                 size_t max_edits, Trace* trace) {
  const auto n = static_cast<int64_t>(a.size());
  const auto m = static_cast<int64_t>(b.size());
  const int64_t limit = std::min<int64_t>(n + m, static_cast<int64_t>(max_edits));
  std::vector<int64_t> v(2 * limit + 3, 0);
  const int64_t offset = limit + 1;
  for (int64_t d = 0; d <= limit; ++d) {
    trace->frontiers.emplace_back(v.begin() + offset - d, v.begin() + offset + d + 1);
    for (int64_t k = -d; k <= d; k += 2) {
      int64_t x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                      ? v[offset + k + 1]
                      : v[offset + k - 1] + 1;
      int64_t y = x - k;
      while (x < n && y < m && a[x] == b[y]) {
        ++x;
        ++y;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        return true;
      }
    }
  }
  return false;
}

// Walks the trace back from (n, m) collecting the diagonal (matching) steps, in order.
std::vector<std::pair<size_t, size_t>> Backtrack(const Trace& trace, int64_t n, int64_t m) {
  std::vector<std::pair<size_t, size_t>> matches;
  int64_t x = n;
  int64_t y = m;
  for (auto d = static_cast<int64_t>(trace.frontiers.size()) - 1; d >= 0; --d) {
    const std::vector<int64_t>& v = trace.frontiers[d];  // v[k + d] is V[k] after round d - 1
    const int64_t k = x - y;
    int64_t prev_x = 0;
    int64_t prev_y = 0;
    if (d > 0) {
      const bool down = k == -d || (k != d && v[k - 1 + d] < v[k + 1 + d]);
      const int64_t prev_k = down ? k + 1 : k - 1;
      prev_x = v[prev_k + d];
      prev_y = prev_x - prev_k;
    }
    while (x > prev_x && y > prev_y) {
      --x;
      --y;
      matches.emplace_back(x, y);
    }
    x = prev_x;
    y = prev_y;
  }
  std::reverse(matches.begin(), matches.end());
  return matches;
}

}  // namespace

std::vector<DiffHunk> DiffWords(std::span<const std::string_view> a,
                                std::span<const std::string_view> b, size_t max_edits) {
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
    ++prefix;
  }
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  const auto a_mid = a.subspan(prefix, a.size() - prefix - suffix);
  const auto b_mid = b.subspan(prefix, b.size() - prefix - suffix);
  if (a_mid.empty() && b_mid.empty()) {
    return {};
  }
  Trace trace;
  if (!ForwardPass(a_mid, b_mid, max_edits, &trace)) {
    return {DiffHunk{prefix, prefix + a_mid.size(), prefix, prefix + b_mid.size()}};
  }
  const auto matches =
      Backtrack(trace, static_cast<int64_t>(a_mid.size()), static_cast<int64_t>(b_mid.size()));
  return HunksFromMatches(matches, a_mid.size(), b_mid.size(), prefix);
}

}  // namespace plenary::dedup
