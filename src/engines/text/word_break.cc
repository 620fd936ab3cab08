#include "engines/text/word_break.h"

#include <array>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "core/text.h"

namespace plenary::text {
namespace {

// Word_Break classes as ICU's root rules use them, for the characters this path handles.
enum WordClass : uint8_t {
  kUnsupported = 0,  // send the text to ICU
  kOther,            // Other, WSegSpace, Double_Quote (which joins only Hebrew letters)
  kNewline,          // CR, LF, Newline: marks after one do not attach to it (WB3a-b, WB4)
  kExtendFormat,     // Extend, Format: attach to the character before (WB4)
  kLetter,           // ALetter, and '@' (ICU's tailoring, which keeps e-mail addresses whole)
  kNumeric,
  kMidLetter,  // without ':' (ICU's tailoring, since CLDR 39)
  kMidNum,
  kMidNumLet,  // MidNumLet and Single_Quote
  kExtendNumLet,
};

constexpr UChar32 kTableEnd = 0x10000;  // the BMP: 64 KB

// East Asian blocks (CJK symbols and punctuation, kana, Bopomofo, Hangul, ideographs, Yi,
// compatibility and half- and full-width forms): ICU segments them with dictionaries, and
// classes some of their symbols as ideographs ("〆").
bool IsEastAsianBlock(UChar32 c) {
  return (c >= 0x2E80 && c < 0xA4D0) || (c >= 0xA960 && c < 0xA980) ||
         (c >= 0xAC00 && c < 0xD800) || (c >= 0xF900 && c < 0xFB00) ||
         (c >= 0xFE30 && c < 0xFE50) || (c >= 0xFF00 && c < 0xFFF0);
}

WordClass ClassOf(UChar32 c) {
  if (IsEastAsianBlock(c) || u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) {
    return kUnsupported;
  }
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  if (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
      script == USCRIPT_HANGUL ||
      u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) {
    return kUnsupported;  // segmented with a dictionary
  }
  if (c == '@') {
    return kLetter;
  }
  if (c == ':' || c == 0xFE55) {
    return kOther;
  }
  switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
    case U_WB_ALETTER:
      return kLetter;
    case U_WB_NUMERIC:
      return kNumeric;
    case U_WB_MIDLETTER:
      return kMidLetter;
    case U_WB_MIDNUM:
      return kMidNum;
    case U_WB_MIDNUMLET:
    case U_WB_SINGLE_QUOTE:
      return kMidNumLet;
    case U_WB_EXTENDNUMLET:
      return kExtendNumLet;
    case U_WB_EXTEND:
    case U_WB_FORMAT:
      return kExtendFormat;
    case U_WB_CR:
    case U_WB_LF:
    case U_WB_NEWLINE:
      return kNewline;
    case U_WB_OTHER:
    case U_WB_WSEGSPACE:
    case U_WB_DOUBLE_QUOTE:
      return kOther;
    default:  // Hebrew_Letter, Katakana, Regional_Indicator, ZWJ, ...
      return kUnsupported;
  }
}

class ClassTable {
 public:
  ClassTable() {
    for (UChar32 c = 0; c < kTableEnd; ++c) {
      classes_[static_cast<size_t>(c)] = ClassOf(c);
    }
  }
  WordClass operator[](UChar32 c) const { return classes_[static_cast<size_t>(c)]; }

 private:
  std::array<WordClass, kTableEnd> classes_{};
};

const ClassTable& Table() {
  static const auto* const table = new ClassTable();  // never destroyed: used until exit
  return *table;
}

// Decodes the text into base characters, each with the Extend and Format marks that follow it
// (WB4). Marks at the start or after a line break form a base of their own, of class Other (a
// segment of status 0, ICU's "^$ExFm+" rule). False at a character the table does not cover.
bool Decompose(std::string_view text, const ClassTable& table,
               std::vector<WordBreakScratch::Base>* bases) {
  bases->clear();
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    const auto begin = static_cast<uint32_t>(i);
    const UChar32 c = DecodeUtf8Bmp(s, n, &i);
    if (c < 0 || c >= kTableEnd) {
      return false;
    }
    const WordClass cls = table[c];
    if (cls == kUnsupported) {
      return false;
    }
    if (cls == kExtendFormat) {
      if (!bases->empty() && bases->back().word_class != kNewline) {
        bases->back().end = static_cast<uint32_t>(i);
        bases->back().marked = true;
        continue;
      }
      // Marks at the start or after a line break: a run of them, which joins only more marks.
      bases->push_back({begin, static_cast<uint32_t>(i), kExtendFormat, false});
      continue;
    }
    if (!bases->empty() && bases->back().word_class == kExtendFormat) {
      bases->back().word_class = kOther;  // the run ended: a segment of status 0
    }
    bases->push_back({begin, static_cast<uint32_t>(i), static_cast<uint8_t>(cls), false});
  }
  if (!bases->empty() && bases->back().word_class == kExtendFormat) {
    bases->back().word_class = kOther;
  }
  return true;
}

bool StartsWord(uint8_t c) {
  return c == kLetter || c == kNumeric || c == kExtendNumLet;
}

}  // namespace

bool BreakWordsWithoutIcu(std::string_view utf8, WordBreakScratch* scratch,
                          std::vector<WordSpan>* out) {
  out->clear();
  if (!Decompose(utf8, Table(), &scratch->bases)) {
    return false;
  }
  const std::vector<WordBreakScratch::Base>& b = scratch->bases;
  const size_t n = b.size();
  for (size_t i = 0; i < n;) {
    if (!StartsWord(b[i].word_class)) {
      ++i;
      continue;
    }
    // WB5-WB13b: letters, digits and ExtendNumLet join; a Mid* character joins two letters
    // (MidLetter, MidNumLet, Single_Quote) or two digits (MidNum, MidNumLet, Single_Quote).
    size_t last = i;
    while (last + 1 < n) {
      const uint8_t next = b[last + 1].word_class;
      if (StartsWord(next)) {
        ++last;
        continue;
      }
      if (last + 2 >= n) {
        break;
      }
      const uint8_t current = b[last].word_class;
      const uint8_t after = b[last + 2].word_class;
      const bool mid_letter = next == kMidLetter || next == kMidNumLet;
      const bool mid_num = next == kMidNum || next == kMidNumLet;
      if ((current == kLetter && mid_letter && after == kLetter) ||
          (current == kNumeric && mid_num && after == kNumeric)) {
        last += 2;
        continue;
      }
      break;
    }
    // ICU's status is that of the rule that matched last: the last character's, and for a
    // trailing ExtendNumLet the one before it; none (0) for a lone "_", or for a trailing one
    // followed by marks (ICU's WB4 rule, which has no status, matched last).
    int kind = 0;
    switch (b[last].word_class) {
      case kLetter:
        kind = 2;
        break;
      case kNumeric:
        kind = 1;
        break;
      default:  // kExtendNumLet
        kind = last == i || b[last].marked ? 0 : (b[last - 1].word_class == kNumeric ? 1 : 2);
        break;
    }
    if (kind != 0) {
      out->push_back({b[i].begin, b[last].end, kind});
    }
    i = last + 1;
  }
  return true;
}

}  // namespace plenary::text
