#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace plenary::text {

// The analyses of recent words (internal to the module): word frequencies are so skewed that most
// words of a text were seen a moment ago, and looking one up costs a tenth of folding and
// stemming it again. Direct-mapped, 8192 slots of 64 bytes (512 KiB, allocated at the first Put;
// with 2048, the analysis took 17% longer on bench/intake's contributions in six languages);
// words whose forms do not fit in a slot are not kept. Not thread-safe (one per worker).
class WordCache {
 public:
  struct Forms {
    std::string_view term;
    std::string_view folded;  // the very view `term` is when the two are equal
  };

  // The forms stored for `word` of ICU word kind `kind`, valid until the next Put; false if absent.
  // A folded form equal to the term comes back as `term` itself, so that callers tell the two
  // apart by address.
  bool Find(std::string_view word, int kind, Forms* forms) const;
  void Put(std::string_view word, int kind, Forms forms);

 private:
  static constexpr size_t kSlots = 8192;
  static constexpr size_t kSlotBytes = 59;
  struct Slot {
    uint8_t kind = 0xFF;  // none
    uint8_t word_size = 0;
    uint8_t term_size = 0;
    uint8_t folded_size = 0;
    bool same = false;       // folded is term (and not stored)
    char bytes[kSlotBytes];  // word, then term, then folded
  };
  static size_t SlotOf(std::string_view word, int kind);

  std::vector<Slot> slots_;
};

}  // namespace plenary::text
