#include "engines/text/word_cache.h"

#include <cstdint>
#include <cstring>

namespace plenary::text {

namespace {

// Up to eight bytes of `p` as one number; `n` <= 8. Loads that overlap for 4 to 7 bytes, and
// the first, middle and last bytes under 4 (the length is hashed apart).
uint64_t Load(const char* p, size_t n) {
  if (n >= 4) {
    uint32_t first = 0;
    uint32_t last = 0;
    std::memcpy(&first, p, 4);
    std::memcpy(&last, p + n - 4, 4);
    return (uint64_t{first} << 32) | last;
  }
  if (n == 0) {
    return 0;
  }
  const auto byte = [&](size_t at) { return uint64_t{static_cast<unsigned char>(p[at])}; };
  return (byte(0) << 16) | (byte(n >> 1) << 8) | byte(n - 1);
}

}  // namespace

// Words are short (under kSlotBytes): eight bytes at a time, each mixed by a multiplication,
// a fraction of what std::hash's byte-oriented Murmur took for them.
size_t WordCache::SlotOf(std::string_view word, int kind) {
  constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  const char* p = word.data();
  size_t n = word.size();
  uint64_t h = (n * kMultiplier) ^ static_cast<uint64_t>(kind);
  for (; n > 8; p += 8, n -= 8) {
    uint64_t chunk = 0;
    std::memcpy(&chunk, p, 8);
    h = (h ^ chunk) * kMultiplier;
    h ^= h >> 29;
  }
  h = (h ^ Load(p, n)) * kMultiplier;
  h ^= h >> 29;
  return static_cast<size_t>(h >> 40) % kSlots;
}

bool WordCache::Find(std::string_view word, int kind, Forms* forms) const {
  if (slots_.empty() || word.size() >= kSlotBytes) {
    return false;
  }
  const Slot& slot = slots_[SlotOf(word, kind)];
  if (slot.kind != kind || slot.word_size != word.size() ||
      std::memcmp(slot.bytes, word.data(), word.size()) != 0) {
    return false;
  }
  forms->term = std::string_view(slot.bytes + slot.word_size, slot.term_size);
  forms->folded =
      slot.same ? forms->term
                : std::string_view(slot.bytes + slot.word_size + slot.term_size, slot.folded_size);
  return true;
}

void WordCache::Put(std::string_view word, int kind, Forms forms) {
  const bool same = forms.folded == forms.term;
  if (same) {
    forms.folded = {};
  }
  if (word.size() + forms.term.size() + forms.folded.size() > kSlotBytes || kind < 0 ||
      kind >= 0xFF) {
    return;
  }
  if (slots_.empty()) {
    slots_.resize(kSlots);
  }
  Slot& slot = slots_[SlotOf(word, kind)];
  slot.kind = static_cast<uint8_t>(kind);
  slot.word_size = static_cast<uint8_t>(word.size());
  slot.term_size = static_cast<uint8_t>(forms.term.size());
  slot.folded_size = static_cast<uint8_t>(forms.folded.size());
  slot.same = same;
  char* at = slot.bytes;
  for (std::string_view part : {word, forms.term, forms.folded}) {
    if (!part.empty()) {
      std::memcpy(at, part.data(), part.size());
      at += part.size();
    }
  }
}

}  // namespace plenary::text
