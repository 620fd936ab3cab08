#include "engines/dedup/lsh.h"

#include <cmath>
#include <string>

#include "engines/dedup/hash.h"

namespace plenary::dedup {

double CollisionProbability(double jaccard, LshParams params) {
  return 1.0 - std::pow(1.0 - std::pow(jaccard, params.rows), params.bands);
}

Result<LshParams> ChooseLshParams(double threshold, int num_bins, double min_probability) {
  if (!(threshold > 0.0 && threshold <= 1.0)) {
    return Error(InvalidArgument("the Jaccard threshold must be in (0, 1], not " +
                                 std::to_string(threshold)));
  }
  for (int rows = num_bins; rows >= 1; --rows) {
    const LshParams params{num_bins / rows, rows};
    if (CollisionProbability(threshold, params) >= min_probability) {
      return params;
    }
  }
  return Error(InvalidArgument("no LSH banding of " + std::to_string(num_bins) +
                               " bins reaches the wanted recall at threshold " +
                               std::to_string(threshold)));
}

void ComputeBandKeys(std::span<const uint32_t> signature, LshParams params, uint64_t seed,
                     std::span<uint32_t> keys) {
  for (int band = 0; band < params.bands; ++band) {
    uint64_t h = seed ^ (static_cast<uint64_t>(band) * kGolden);
    const uint32_t* row = signature.data() + static_cast<size_t>(band) * params.rows;
    for (int r = 0; r < params.rows; ++r) {
      h = Combine(h, row[r]);
    }
    keys[band] = static_cast<uint32_t>(Mix64(h));
  }
}

void LshBuckets::Insert(uint32_t entry, std::span<const uint32_t> keys) {
  next_.resize(next_.size() + params_.bands, kNone);
  for (int band = 0; band < params_.bands; ++band) {
    Bucket* bucket = tables_[band].FindOrInsert(BandTable::ToTableKey(keys[band]), {}).first;
    if (bucket->count >= capacity_) {
      continue;
    }
    next_[static_cast<size_t>(entry) * params_.bands + band] = bucket->head;
    bucket->head = entry;
    ++bucket->count;
  }
}

size_t LshBuckets::MemoryBytes() const {
  size_t bytes = next_.capacity() * sizeof(uint32_t);
  for (const BandTable& table : tables_) {
    bytes += table.MemoryBytes();
  }
  return bytes;
}

}  // namespace plenary::dedup
