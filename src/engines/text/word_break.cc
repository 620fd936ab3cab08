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

// One word, read from its first base to its end: the bases that join it (WB5-WB13b), with the
// Extend and Format marks that attach to them (WB4).
class WordReader {
 public:
  WordReader(const Cursor& text, WordClass first, size_t after_first)
      : text_(text), last_(first), at_(after_first), end_(after_first) {}

  // Reads to the word's end; false at a character the table does not cover.
  bool Read() {
    for (;;) {
      TakeAsciiRun();  // most of a text in a Latin script
      if (text_.done(at_)) {
        return true;
      }
      size_t next = 0;
      const WordClass c = text_.Read(at_, &next);
      if (c == kUnsupported) {
        return false;
      }
      if (c == kExtendFormat) {
        marked_ = true;
        at_ = end_ = next;
      } else if (StartsWord(c)) {
        Take(c, last_, next);
      } else if (!MayJoin(last_, c)) {
        at_ = next;  // a character that joins no word: the word ends before it
        return true;
      } else if (const JoinResult joined = TryJoin(c, next); joined != JoinResult::kJoined) {
        return joined == JoinResult::kEnded;
      }
    }
  }

  size_t end() const { return end_; }    // of its last base, with that base's marks
  size_t resume() const { return at_; }  // where reading goes on after it
  int kind() const { return KindOf(last_, before_, first_, marked_); }

 private:
  enum class JoinResult { kJoined, kEnded, kUnsupported };

  void Take(WordClass c, WordClass before, size_t end) {
    before_ = before;
    last_ = c;
    first_ = false;
    marked_ = false;
    at_ = end_ = end;
  }

  void TakeAsciiRun() {
    if (!text_.AsciiWordCharacter(at_)) {
      return;
    }
    size_t run = at_ + 1;
    while (text_.AsciiWordCharacter(run)) {
      ++run;
    }
    Take(text_.AsciiClass(run - 1), run - at_ >= 2 ? text_.AsciiClass(run - 2) : last_, run);
  }

  // The Mid* character `mid` at at_, ending at `next`, with the marks after it: it joins when
  // the base after them is of the word's last class (two letters, or two digits).
  JoinResult TryJoin(WordClass mid, size_t next) {
    size_t after = next;
    WordClass following = kOther;
    size_t following_end = after;
    while (!text_.done(after)) {
      following = text_.Read(after, &following_end);
      if (following == kUnsupported) {
        return JoinResult::kUnsupported;
      }
      if (following != kExtendFormat) {
        break;
      }
      after = following_end;
    }
    if (text_.done(after) || following != last_ ||
        (following != kLetter && following != kNumeric)) {
      at_ = after;  // the word ends before the Mid* character; what follows is read again
      return JoinResult::kEnded;
    }
    Take(following, mid, following_end);
    return JoinResult::kJoined;
  }

  const Cursor& text_;
  WordClass last_;
  WordClass before_ = kOther;
  bool first_ = true;
  bool marked_ = false;
  size_t at_;
  size_t end_;
};

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
    const WordClass c = text.Read(i, &next);
    if (c == kUnsupported) {
      return false;
    }
    if (!StartsWord(c)) {
      i = next;
      continue;
    }
    WordReader word(text, c, next);
    if (!word.Read()) {
      return false;
    }
    if (const int kind = word.kind(); kind != 0) {
      out->push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(word.end()), kind});
    }
    i = word.resume();
  }
  return true;
}

}  // namespace plenary::text
