#include "engines/dedup/fast_tokenizer.h"

#include <array>
#include <cstring>
#include <memory>
#include <span>
#include <string>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include "core/text.h"

namespace plenary::dedup {
namespace {

enum class WordClass : uint8_t {
  kUnsupported,  // a class whose rules this path does not implement: use ICU
  kOther,
  kLetter,
  kNumeric,
  kMidLetter,
  kMidNum,
  kMidNumLet,
  kExtendNumLet,
};

constexpr UChar32 kTableEnd = 0x2070;
constexpr int kMaxMapped = 4;

// Latin, Greek, Cyrillic, Armenian, Arabic (its marks excepted: see ClassOf) and general
// punctuation.
bool InFastRange(UChar32 c) {
  return c < 0x250 || (c >= 0x370 && c < 0x530) || (c >= 0x600 && c < 0x700) ||
         (c >= 0x2000 && c < kTableEnd);
}

WordClass ClassOf(UChar32 c) {
  if ((U_GET_GC_MASK(c) & U_GC_M_MASK) != 0) {
    return WordClass::kUnsupported;
  }
  // ICU's root rules depart from the Word_Break property here (checked by the tests).
  if (c == ':') {
    return WordClass::kOther;  // not MidLetter since CLDR 39
  }
  if (c == '@') {
    return WordClass::kExtendNumLet;  // joins like "_", keeping e-mail addresses whole
  }
  switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
    case U_WB_ALETTER:
      return WordClass::kLetter;
    case U_WB_NUMERIC:
      return WordClass::kNumeric;
    case U_WB_MIDLETTER:
      return WordClass::kMidLetter;
    case U_WB_MIDNUM:
      return WordClass::kMidNum;
    case U_WB_MIDNUMLET:
    case U_WB_SINGLE_QUOTE:
      return WordClass::kMidNumLet;
    case U_WB_EXTENDNUMLET:
      return WordClass::kExtendNumLet;
    case U_WB_OTHER:
    case U_WB_CR:
    case U_WB_LF:
    case U_WB_NEWLINE:
    case U_WB_WSEGSPACE:
      return WordClass::kOther;
    default:
      return WordClass::kUnsupported;
  }
}

struct Entry {
  bool eligible = false;
  uint8_t length = 0;
  std::array<uint16_t, kMaxMapped> mapped{};
};

// Per code point: its NFKC_Casefold mapping (when eligible), and as an output character its
// word-break class and whether it is kept in a word (letters, digits).
class FastTable {
 public:
  FastTable() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
    for (UChar32 c = 0; c < kTableEnd; ++c) {
      classes_[c] = InFastRange(c) ? ClassOf(c) : WordClass::kUnsupported;
      keep_[c] = (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK)) != 0;
    }
    if (U_FAILURE(status)) {
      return;  // every entry stays ineligible: the ICU path reports the failure
    }
    for (UChar32 c = 0; c < kTableEnd; ++c) {
      if (InFastRange(c)) {
        entries_[c] = BuildEntry(*normalizer, c);
      }
    }
  }

  const Entry& entry(UChar32 c) const { return entries_[c]; }
  // The case-folded form of an ASCII character (itself for others, which come mapped).
  uint16_t lower(uint16_t c) const { return c < 0x80 ? entries_[c].mapped[0] : c; }
  WordClass word_class(uint16_t c) const { return classes_[c]; }
  bool keep(uint16_t c) const { return keep_[c]; }

 private:
  Entry BuildEntry(const icu::Normalizer2& normalizer, UChar32 c) const {
    Entry entry;
    if (!normalizer.hasBoundaryBefore(c)) {
      return entry;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString mapped = normalizer.normalize(icu::UnicodeString(c), status);
    if (U_FAILURE(status)) {
      return entry;
    }
    for (int32_t i = 0; i < mapped.length();) {
      const UChar32 out = mapped.char32At(i);
      i += U16_LENGTH(out);
      if (entry.length == kMaxMapped || !InFastRange(out) ||
          classes_[out] == WordClass::kUnsupported) {
        return Entry{};
      }
      entry.mapped[entry.length++] = static_cast<uint16_t>(out);
    }
    entry.eligible = true;
    return entry;
  }

  std::array<Entry, kTableEnd> entries_{};
  std::array<WordClass, kTableEnd> classes_{};
  std::array<bool, kTableEnd> keep_{};
};

const FastTable& Table() {
  static const auto* const table = new FastTable();  // never destroyed: used until exit
  return *table;
}

bool StartsWord(WordClass c) {
  return c == WordClass::kLetter || c == WordClass::kNumeric || c == WordClass::kExtendNumLet;
}

// Index of the last character of the word that starts at `begin` (UAX #29 WB5 to WB13b).
template <typename Unit>
size_t WordEnd(std::span<const Unit> cps, size_t begin, const FastTable& table) {
  size_t last = begin;
  const size_t n = cps.size();
  while (last + 1 < n) {
    const WordClass next = table.word_class(cps[last + 1]);
    if (StartsWord(next)) {
      ++last;
      continue;
    }
    if (last + 2 >= n) {
      break;
    }
    const WordClass current = table.word_class(cps[last]);
    const WordClass after = table.word_class(cps[last + 2]);
    const bool mid_letter = next == WordClass::kMidLetter || next == WordClass::kMidNumLet;
    const bool mid_num = next == WordClass::kMidNum || next == WordClass::kMidNumLet;
    if ((current == WordClass::kLetter && mid_letter && after == WordClass::kLetter) ||
        (current == WordClass::kNumeric && mid_num && after == WordClass::kNumeric)) {
      last += 2;
      continue;
    }
    break;
  }
  return last;
}

char* AppendUtf8(uint16_t c, char* out) {
  if (c < 0x80) {
    *out++ = static_cast<char>(c);
  } else if (c < 0x800) {
    *out++ = static_cast<char>(0xC0 | (c >> 6));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out++ = static_cast<char>(0xE0 | (c >> 12));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// Decodes and maps `text`; false at the first character the table does not cover (or at
// malformed UTF-8, which the caller's validation then reports).
bool MapText(std::string_view text, const FastTable& table, std::vector<uint16_t>* cps) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  cps->resize(n * kMaxMapped);
  uint16_t* out = cps->data();
  for (size_t i = 0; i < n;) {
    const UChar32 c = DecodeUtf8Bmp(s, n, &i);
    if (c < 0 || c >= kTableEnd) {
      return false;
    }
    const Entry& entry = table.entry(c);
    if (!entry.eligible) {
      return false;
    }
    for (int k = 0; k < entry.length; ++k) {
      *out++ = entry.mapped[k];
    }
  }
  cps->resize(static_cast<size_t>(out - cps->data()));
  return true;
}

bool IsAscii(std::string_view text) {
  uint64_t any = 0;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t chunk;
    std::memcpy(&chunk, text.data() + i, 8);
    any |= chunk;
  }
  for (; i < text.size(); ++i) {
    any |= static_cast<unsigned char>(text[i]);
  }
  return (any & 0x8080808080808080ULL) == 0;
}

// Splits mapped characters (or raw ASCII, lower-cased on the way out) into words.
template <typename Unit>
void Segment(std::span<const Unit> cps, const FastTable& table, Tokens* out) {
  for (size_t i = 0; i < cps.size();) {
    if (!StartsWord(table.word_class(cps[i]))) {
      ++i;
      continue;
    }
    const size_t last = WordEnd(cps, i, table);
    char* end = out->WordSpace((last - i + 1) * 3);
    for (size_t k = i; k <= last; ++k) {
      if constexpr (sizeof(Unit) == 1) {  // raw ASCII: one byte out per byte kept
        *end = static_cast<char>(table.lower(cps[k]));
        end += table.keep(cps[k]) ? 1 : 0;
      } else if (table.keep(cps[k])) {
        end = AppendUtf8(table.lower(cps[k]), end);
      }
    }
    out->EndWord(end);
    i = last + 1;
  }
}

}  // namespace

bool FastTokenize(std::string_view text, FastScratch* scratch, Tokens* out) {
  const FastTable& table = Table();
  if (IsAscii(text)) {
    const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(text.data()),
                                         text.size());
    Segment(bytes, table, out);
    return true;
  }
  if (!MapText(text, table, &scratch->mapped)) {
    return false;
  }
  Segment(std::span<const uint16_t>(scratch->mapped), table, out);
  return true;
}

}  // namespace plenary::dedup
