#include "engines/text/word_cache.h"

#include <cstdint>
#include <cstring>

namespace plenary::text {

// Words are short (under kSlotBytes): eight bytes at a time, each mixed by a multiplication,
// a quarter of what std::hash's byte-oriented Murmur took for them.
size_t WordCache::SlotOf(std::string_view word, int kind) {
  constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  uint64_t h = word.size() * kMultiplier + static_cast<uint64_t>(kind);
  size_t at = 0;
  for (; at + 8 <= word.size(); at += 8) {
    uint64_t chunk = 0;
    std::memcpy(&chunk, word.data() + at, 8);
    h = (h ^ chunk) * kMultiplier;
    h ^= h >> 29;
  }
  if (at < word.size()) {
    uint64_t chunk = 0;
    std::memcpy(&chunk, word.data() + at, word.size() - at);
    h = (h ^ chunk) * kMultiplier;
    h ^= h >> 29;
  }
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
