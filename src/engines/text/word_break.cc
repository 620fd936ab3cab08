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

bool StartsWord(WordClass c);

class ClassTable {
 public:
  ClassTable() {
    for (UChar32 c = 0; c < kTableEnd; ++c) {
      classes_[static_cast<size_t>(c)] = ClassOf(c);
    }
    for (UChar32 b = 0; b < 0x80; ++b) {
      ascii_word_[static_cast<size_t>(b)] = StartsWord(classes_[static_cast<size_t>(b)]);
    }
  }
  WordClass operator[](UChar32 c) const { return classes_[static_cast<size_t>(c)]; }
  // Whether byte `b` is an ASCII character that starts or continues a word (false from 0x80).
  bool AsciiWord(unsigned char b) const { return ascii_word_[b]; }

 private:
  std::array<WordClass, kTableEnd> classes_{};
  std::array<bool, 256> ascii_word_{};
};

const ClassTable& Table() {
  static const auto* const table = new ClassTable();  // never destroyed: used until exit
  return *table;
}

constexpr uint32_t kStartsWord = (1u << kLetter) | (1u << kNumeric) | (1u << kExtendNumLet);

bool StartsWord(WordClass c) {
  return ((kStartsWord >> c) & 1u) != 0;
}

// Whether a Mid* character `mid` may join a word ending in `last` to what follows it.
bool MayJoin(WordClass last, WordClass mid) {
  return (last == kLetter && (mid == kMidLetter || mid == kMidNumLet)) ||
         (last == kNumeric && (mid == kMidNum || mid == kMidNumLet));
}

// Reads characters and their classes; kUnsupported for ill-formed UTF-8, characters outside
// the BMP and those the table sends to ICU.
class Cursor {
 public:
  Cursor(std::string_view text, const ClassTable& table)
      : s_(reinterpret_cast<const unsigned char*>(text.data())), n_(text.size()), table_(table) {}

  bool done(size_t i) const { return i >= n_; }
  bool AsciiWordCharacter(size_t i) const { return i < n_ && table_.AsciiWord(s_[i]); }
  WordClass AsciiClass(size_t i) const { return table_[s_[i]]; }

  // The class of the character at `i`, and in `next` where the one after it starts.
  WordClass Read(size_t i, size_t* next) const {
    if (s_[i] < 0x80) {
      *next = i + 1;
      return table_[s_[i]];
    }
    *next = i;
    const UChar32 c = DecodeUtf8Bmp(s_, n_, next);
    return c < 0 || c >= kTableEnd ? kUnsupported : table_[c];
  }

 private:
  const unsigned char* s_;
  size_t n_;
  const ClassTable& table_;
};

// The word status ICU gives a word whose last base is of class `last` (`before` the class of
// the base before it): that of the rule that matched last. A trailing ExtendNumLet takes the
// status of the base before it; a lone "_", or a trailing one followed by marks, none (0: ICU's
// WB4 rule, which has no status, matched last).
int KindOf(WordClass last, WordClass before, bool first, bool marked) {
  switch (last) {
    case kLetter:
      return 2;
    case kNumeric:
      return 1;
    default:  // kExtendNumLet
      return first || marked ? 0 : (before == kNumeric ? 1 : 2);
  }
}

}  // namespace

// Rules WB4-WB13b in one pass. Extend and Format marks attach to the character before them (a
// run of them at the start or after a line break is a segment of status 0 of its own, and joins
// no word); letters, digits and ExtendNumLet join; a Mid* character joins two letters
// (MidLetter, MidNumLet, Single_Quote) or two digits (MidNum, MidNumLet, Single_Quote).
bool BreakWordsWithoutIcu(std::string_view utf8, std::vector<WordSpan>* out) {
  out->clear();
  const Cursor text(utf8, Table());
  size_t i = 0;
  while (!text.done(i)) {
    // Outside a word: every character up to one that starts a word (marks attach to those
    // before them, which join no word).
    size_t next = 0;
    const WordClass first_class = text.Read(i, &next);
    if (first_class == kUnsupported) {
      return false;
    }
    if (!StartsWord(first_class)) {
      i = next;
      continue;
    }
    const auto begin = static_cast<uint32_t>(i);
    WordClass last = first_class;
    WordClass before = kOther;
    bool first = true;
    bool marked = false;
    i = next;
    size_t end = i;  // of the last base, with its marks
    for (;;) {
      // A run of ASCII letters and digits: most of a text in a Latin script.
      if (text.AsciiWordCharacter(i)) {
        size_t run = i + 1;
        while (text.AsciiWordCharacter(run)) {
          ++run;
        }
        before = run - i >= 2 ? text.AsciiClass(run - 2) : last;
        last = text.AsciiClass(run - 1);
        first = false;
        marked = false;
        i = end = run;
      }
      if (text.done(i)) {
        break;
      }
      const WordClass c = text.Read(i, &next);
      if (c == kUnsupported) {
        return false;
      }
      if (c == kExtendFormat) {
        marked = true;
        i = end = next;
        continue;
      }
      if (StartsWord(c)) {
        before = last;
        last = c;
        first = false;
        marked = false;
        i = end = next;
        continue;
      }
      if (!MayJoin(last, c)) {
        i = next;  // a character that joins no word: the word ends before it
        break;
      }
      // A Mid* character, with the marks after it: it joins when the base after them matches.
      size_t after = next;
      WordClass following = kOther;
      size_t following_end = after;
      while (!text.done(after)) {
        following = text.Read(after, &following_end);
        if (following == kUnsupported) {
          return false;
        }
        if (following != kExtendFormat) {
          break;
        }
        after = following_end;
      }
      const bool joins =
          !text.done(after) && following == last && (following == kLetter || following == kNumeric);
      if (!joins) {
        i = after;  // the word ends before the Mid* character; what follows is read again
        break;
      }
      before = c;
      last = following;
      first = false;
      marked = false;
      i = end = following_end;
    }
    const int kind = KindOf(last, before, first, marked);
    if (kind != 0) {
      out->push_back({begin, static_cast<uint32_t>(end), kind});
    }
  }
  return true;
}

}  // namespace plenary::text
