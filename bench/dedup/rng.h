#pragma once

#include <cstdint>
#include <vector>

namespace plenary::dedup::bench {

// SplitMix64: tiny, seedable, good enough for generating text; one per comment makes the corpus
// random-access.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1p-53; }
  bool Chance(double p) { return Uniform() < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }

 private:
  uint64_t state_;
};

inline uint64_t SeedFor(uint64_t seed, uint64_t stream, uint64_t index) {
  Rng rng(seed ^ (stream * 0xD1B54A32D192ED03ULL) ^ (index * 0x9E3779B97F4A7C15ULL));
  return rng.Next();
}

}  // namespace plenary::dedup::bench
