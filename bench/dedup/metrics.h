#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

// Accuracy measures for the near-duplicate engine.
namespace plenary::dedup::bench {

// Pairwise agreement of two labellings (-1 = in no group): of the pairs put together by
// `predicted`, the share that `truth` also puts together (precision), and the reverse (recall).
struct PairScores {
  uint64_t true_pairs = 0;
  uint64_t predicted_pairs = 0;
  uint64_t agreeing_pairs = 0;
  double precision() const;
  double recall() const;
};
PairScores ScorePairs(std::span<const int64_t> truth, std::span<const int64_t> predicted);

// Keeps only labels used by at least `min_members` items; the others become -1.
std::vector<int64_t> KeepLargeGroups(std::span<const int64_t> labels, size_t min_members);

// Every pair (i < j) of `sets` (each sorted, without duplicates) whose exact Jaccard similarity
// is at least `threshold`, found by the AllPairs prefix filter, which is lossless: the answer is
// that of comparing all pairs.
std::vector<std::pair<uint32_t, uint32_t>> SimilarPairs(
    const std::vector<std::vector<uint64_t>>& sets, double threshold);

}  // namespace plenary::dedup::bench
