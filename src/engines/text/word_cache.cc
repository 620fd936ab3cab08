#include "engines/text/word_cache.h"

#include <cstring>
#include <functional>

namespace plenary::text {

size_t WordCache::SlotOf(std::string_view word, int kind) {
  return (std::hash<std::string_view>{}(word) + static_cast<size_t>(kind)) % kSlots;
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
  forms->folded = std::string_view(slot.bytes + slot.word_size + slot.term_size, slot.folded_size);
  return true;
}

void WordCache::Put(std::string_view word, int kind, Forms forms) {
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
  char* at = slot.bytes;
  for (std::string_view part : {word, forms.term, forms.folded}) {
    if (!part.empty()) {
      std::memcpy(at, part.data(), part.size());
      at += part.size();
    }
  }
}

}  // namespace plenary::text
