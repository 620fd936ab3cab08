#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "engines/dedup/flat_table.h"

namespace plenary::dedup {

// Banded LSH: the first bands * rows bins of a signature, cut into `bands` bands of `rows` bins.
// Two signatures are candidates when they agree on every bin of at least one band, which happens
// with probability 1 - (1 - J^rows)^bands for Jaccard similarity J.
struct LshParams {
  int bands = 0;
  int rows = 0;
};

// Probability that two texts of Jaccard similarity `jaccard` share at least one band.
double CollisionProbability(double jaccard, LshParams params);

// The most rows per band (fewest chance candidates) with bands * rows <= num_bins whose collision
// probability at `threshold` is at least `min_probability`. Errors: kInvalidArgument when the
// threshold is outside (0, 1] or no split reaches `min_probability`.
Result<LshParams> ChooseLshParams(double threshold, int num_bins, double min_probability = 0.995);

// One 32-bit key per band of a full-width signature; keys of equal bands are equal.
void ComputeBandKeys(std::span<const uint32_t> signature, LshParams params, uint64_t seed,
                     std::span<uint32_t> keys);

// The LSH buckets of every band. Entries are dense ids (0, 1, 2...) added in increasing order; a
// bucket keeps at most `capacity` of them, newest first, chained through one flat array.
// Not thread-safe.
class LshBuckets {
 public:
  static constexpr uint32_t kNone = 0xFFFFFFFF;

  LshBuckets(LshParams params, int capacity)
      : params_(params), capacity_(static_cast<uint32_t>(capacity)), tables_(params.bands) {}

  // Starts loading the bucket of `key` in `band` into the cache.
  void Prefetch(int band, uint32_t key) const {
    tables_[band].Prefetch(BandTable::ToTableKey(key));
  }
  // The newest entry in the bucket of `key` in `band`, or kNone; then Next() walks the bucket.
  uint32_t First(int band, uint32_t key) {
    const Bucket* bucket = tables_[band].Find(BandTable::ToTableKey(key));
    return bucket == nullptr ? kNone : bucket->head;
  }
  uint32_t Next(int band, uint32_t entry) const {
    return next_[static_cast<size_t>(entry) * params_.bands + band];
  }
  // Adds `entry` (which must be the next dense id) to one bucket per band, skipping full buckets.
  void Insert(uint32_t entry, std::span<const uint32_t> keys);

  size_t MemoryBytes() const;

 private:
  struct Bucket {
    uint32_t head = kNone;
    uint32_t count = 0;
  };
  using BandTable = FlatTable<uint32_t, Bucket>;

  LshParams params_;
  uint32_t capacity_;
  std::vector<BandTable> tables_;
  std::vector<uint32_t> next_;
};

}  // namespace plenary::dedup
