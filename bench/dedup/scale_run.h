#pragma once

#include <cstddef>
#include <cstdint>

// The two measurements of dedup_bench; each prints its figures and returns false on failure.
namespace plenary::dedup::bench {

// Runs the engine over `comments` generated comments in batches; prints throughput, peak RSS,
// index memory and pairwise precision and recall of campaign membership.
bool RunScale(size_t comments, uint64_t seed, int threads);

// On `comments` comments, compares LSH and the engine's clusters with all pairs of exact Jaccard
// similarity at or above the threshold.
bool RunSample(size_t comments, uint64_t seed, int threads);

}  // namespace plenary::dedup::bench
