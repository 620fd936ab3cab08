#include "engines/dedup/shingles.h"

#include <algorithm>
#include <bit>

#include "engines/dedup/hash.h"

namespace plenary::dedup {
namespace {

constexpr uint64_t kCharSalt = 0xC4A2'5EED'0000'0001ULL;
constexpr uint64_t kShingleSalt = 0x5817'91E5'0000'0002ULL;

// Decodes the code points of valid UTF-8 `bytes` and hashes each.
void HashCharacters(std::string_view bytes, uint64_t seed, std::vector<uint64_t>* units) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  for (size_t i = 0; i < bytes.size();) {
    uint32_t c = s[i];
    size_t length = 1;
    if (c >= 0xF0) {
      c &= 0x07;
      length = 4;
    } else if (c >= 0xE0) {
      c &= 0x0F;
      length = 3;
    } else if (c >= 0xC0) {
      c &= 0x1F;
      length = 2;
    }
    for (size_t k = 1; k < length && i + k < bytes.size(); ++k) {
      c = (c << 6) | (s[i + k] & 0x3F);
    }
    units->push_back(Mix64(seed ^ kCharSalt ^ c));
    i += length;
  }
}

}  // namespace

void HashUnits(const Tokens& tokens, uint64_t seed, std::vector<uint64_t>* units) {
  units->clear();
  if (tokens.no_space_script()) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      HashCharacters(tokens[i], seed, units);
    }
    return;
  }
  units->reserve(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    units->push_back(HashBytes(tokens[i], seed));
  }
}

void HashShingles(std::span<const uint64_t> units, int size, std::vector<uint64_t>* shingles) {
  shingles->clear();
  if (units.empty()) {
    return;
  }
  const size_t k = std::min(units.size(), static_cast<size_t>(std::max(size, 1)));
  shingles->reserve(units.size() - k + 1);
  // Units are independent 64-bit hashes, so rotating each by its place in the k-gram and
  // xoring, then one full mix, is an order-sensitive hash at a fraction of a multiply per unit.
  for (size_t i = 0; i + k <= units.size(); ++i) {
    uint64_t h = kShingleSalt ^ k;
    for (size_t j = 0; j < k; ++j) {
      h ^= std::rotl(units[i + j], static_cast<int>((j * 23) & 63));
    }
    shingles->push_back(Mix64(h));
  }
}

uint64_t HashSequence(std::span<const uint64_t> units, uint64_t seed) {
  uint64_t h = seed ^ (units.size() * kGolden);
  for (uint64_t unit : units) {
    h = Combine(h, unit);
  }
  return Mix64(h);
}

bool HasOneDistinctUnit(std::span<const uint64_t> units) {
  return std::all_of(units.begin(), units.end(),
                     [&](uint64_t unit) { return unit == units.front(); });
}

std::vector<uint64_t> ShingleSet(const Tokens& tokens, int word_size, int char_size,
                                 uint64_t seed) {
  std::vector<uint64_t> units;
  std::vector<uint64_t> shingles;
  HashUnits(tokens, seed, &units);
  HashShingles(units, tokens.no_space_script() ? char_size : word_size, &shingles);
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  return shingles;
}

}  // namespace plenary::dedup
