#include "bench/dedup/metrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace plenary::dedup::bench {
namespace {

uint64_t Pairs(uint64_t n) {
  return n * (n - 1) / 2;
}

// Each set rewritten as ranks of a global order, rarest shingle first.
std::vector<std::vector<uint32_t>> RankByRarity(const std::vector<std::vector<uint64_t>>& sets) {
  std::unordered_map<uint64_t, uint32_t> frequency;
  for (const auto& set : sets) {
    for (uint64_t h : set) {
      ++frequency[h];
    }
  }
  std::vector<std::pair<uint32_t, uint64_t>> order;
  order.reserve(frequency.size());
  for (const auto& [h, count] : frequency) {
    order.emplace_back(count, h);
  }
  std::sort(order.begin(), order.end());
  std::unordered_map<uint64_t, uint32_t> rank;
  for (size_t i = 0; i < order.size(); ++i) {
    rank[order[i].second] = static_cast<uint32_t>(i);
  }
  std::vector<std::vector<uint32_t>> ranked;
  for (const auto& set : sets) {
    auto& r = ranked.emplace_back();
    for (uint64_t h : set) {
      r.push_back(rank[h]);
    }
    std::sort(r.begin(), r.end());
  }
  return ranked;
}

double JaccardOfSorted(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  size_t i = 0;
  size_t j = 0;
  size_t common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace

double PairScores::precision() const {
  return predicted_pairs == 0
             ? 1.0
             : static_cast<double>(agreeing_pairs) / static_cast<double>(predicted_pairs);
}

double PairScores::recall() const {
  return true_pairs == 0 ? 1.0
                         : static_cast<double>(agreeing_pairs) / static_cast<double>(true_pairs);
}

PairScores ScorePairs(std::span<const int64_t> truth, std::span<const int64_t> predicted) {
  std::unordered_map<int64_t, uint64_t> true_sizes;
  std::unordered_map<int64_t, uint64_t> predicted_sizes;
  std::map<std::pair<int64_t, int64_t>, uint64_t> both;
  for (size_t i = 0; i < truth.size(); ++i) {
    if (truth[i] >= 0) {
      ++true_sizes[truth[i]];
    }
    if (predicted[i] >= 0) {
      ++predicted_sizes[predicted[i]];
    }
    if (truth[i] >= 0 && predicted[i] >= 0) {
      ++both[{truth[i], predicted[i]}];
    }
  }
  PairScores scores;
  for (const auto& [label, n] : true_sizes) {
    scores.true_pairs += Pairs(n);
  }
  for (const auto& [label, n] : predicted_sizes) {
    scores.predicted_pairs += Pairs(n);
  }
  for (const auto& [labels, n] : both) {
    scores.agreeing_pairs += Pairs(n);
  }
  return scores;
}

std::vector<int64_t> KeepLargeGroups(std::span<const int64_t> labels, size_t min_members) {
  std::unordered_map<int64_t, size_t> sizes;
  for (int64_t label : labels) {
    ++sizes[label];
  }
  std::vector<int64_t> kept(labels.begin(), labels.end());
  for (int64_t& label : kept) {
    if (label >= 0 && sizes[label] < min_members) {
      label = -1;
    }
  }
  return kept;
}

std::vector<std::pair<uint32_t, uint32_t>> SimilarPairs(
    const std::vector<std::vector<uint64_t>>& sets, double threshold) {
  const auto ranked = RankByRarity(sets);
  std::vector<uint32_t> order(sets.size());
  for (uint32_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return ranked[a].size() < ranked[b].size(); });
  std::unordered_map<uint32_t, std::vector<uint32_t>> postings;
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  std::vector<uint32_t> seen(sets.size(), UINT32_MAX);
  for (uint32_t x : order) {
    const auto& rx = ranked[x];
    if (rx.empty()) {
      continue;
    }
    const auto size = static_cast<double>(rx.size());
    const size_t prefix = rx.size() - static_cast<size_t>(std::ceil(threshold * size - 1e-9)) + 1;
    for (size_t p = 0; p < std::min(prefix, rx.size()); ++p) {
      for (uint32_t y : postings[rx[p]]) {
        if (seen[y] == x || static_cast<double>(ranked[y].size()) < threshold * size - 1e-9) {
          continue;
        }
        seen[y] = x;
        if (JaccardOfSorted(rx, ranked[y]) >= threshold - 1e-12) {
          pairs.emplace_back(std::min(x, y), std::max(x, y));
        }
      }
    }
    for (size_t p = 0; p < std::min(prefix, rx.size()); ++p) {
      postings[rx[p]].push_back(x);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

}  // namespace plenary::dedup::bench
