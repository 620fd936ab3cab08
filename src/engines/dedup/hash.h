#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

// Seeded, fast, well-mixed 64-bit hashing for tokens, shingles and band keys. Deterministic across
// runs and machines (little-endian reads), never std::hash.
namespace plenary::dedup {

inline constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ULL;
inline constexpr uint64_t kMixA = 0xBF58476D1CE4E5B9ULL;
inline constexpr uint64_t kMixB = 0x94D049BB133111EBULL;

// SplitMix64 finaliser: a bijection on 64 bits with full avalanche.
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= kMixA;
  x ^= x >> 27;
  x *= kMixB;
  x ^= x >> 31;
  return x;
}

__extension__ using Uint128 = unsigned __int128;

// 64x64 -> 128 multiply folded to 64 bits (the wyhash primitive).
inline uint64_t MulFold(uint64_t a, uint64_t b) {
  const Uint128 product = static_cast<Uint128>(a) * b;
  return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
}

// Folds `value` into running hash `h`; order matters.
inline uint64_t Combine(uint64_t h, uint64_t value) {
  return MulFold(h ^ value, kGolden) + value;
}

// Words are short, so this is one multiply for most of them. Not for adversarial keys.
inline uint64_t HashBytes(std::string_view bytes, uint64_t seed) {
  const char* p = bytes.data();
  size_t n = bytes.size();
  uint64_t h = seed ^ (n * kMixA);
  while (n >= 8) {
    uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    h = MulFold(h ^ chunk, kMixB) + chunk;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  // One 64x64->128 multiply-fold per 8 bytes mixes well enough for token hashes; shingle
  // hashes are fully mixed afterwards.
  return MulFold(h ^ tail, kMixA ^ n);
}

}  // namespace plenary::dedup
