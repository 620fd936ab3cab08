#include "engines/dedup/minhash.h"

#include <algorithm>
#include <bitset>
#include <limits>

#include "engines/dedup/hash.h"

namespace plenary::dedup {
namespace {

inline uint32_t BinOf(uint64_t h, uint32_t bins) {
  return static_cast<uint32_t>(((h >> 32) * bins) >> 32);
}

// Fills each empty bin from the first filled bin that its seeded probe sequence meets.
void Densify(const std::bitset<kMaxBins>& filled, uint64_t seed, std::span<uint32_t> signature) {
  const auto bins = static_cast<uint32_t>(signature.size());
  for (uint32_t i = 0; i < bins; ++i) {
    if (filled[i]) {
      continue;
    }
    for (uint64_t attempt = 1;; ++attempt) {
      const uint32_t source = BinOf(Mix64(seed ^ (uint64_t{i} << 32) ^ attempt), bins);
      if (filled[source]) {
        signature[i] = signature[source];
        break;
      }
    }
  }
}

}  // namespace

void ComputeMinHash(std::span<const uint64_t> shingles, uint64_t seed,
                    std::span<uint32_t> signature) {
  const auto bins = static_cast<uint32_t>(signature.size());
  std::fill(signature.begin(), signature.end(), std::numeric_limits<uint32_t>::max());
  std::bitset<kMaxBins> filled;
  for (uint64_t shingle : shingles) {
    const uint64_t h = Mix64(shingle ^ seed);
    const uint32_t bin = BinOf(h, bins);
    const auto value = static_cast<uint32_t>(h);
    filled.set(bin);
    signature[bin] = std::min(signature[bin], value);
  }
  if (filled.count() < bins && filled.any()) {
    Densify(filled, seed, signature);
  }
}

int CountAgreeingBins(std::span<const uint16_t> a, std::span<const uint16_t> b) {
  int agree = 0;
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    agree += a[i] == b[i] ? 1 : 0;
  }
  return agree;
}

double EstimateJaccard(std::span<const uint16_t> a, std::span<const uint16_t> b) {
  if (a.empty() || a.size() != b.size()) {
    return 0.0;
  }
  return static_cast<double>(CountAgreeingBins(a, b)) / static_cast<double>(a.size());
}

double ExactJaccard(std::span<const uint64_t> a, std::span<const uint64_t> b) {
  if (a.empty() && b.empty()) {
    return 1.0;
  }
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

}  // namespace plenary::dedup
