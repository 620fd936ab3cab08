#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace plenary::text {

// Word breaking without ICU's break iterator for texts in alphabetic scripts (internal to the
// module): the words, and their ICU rule statuses, that ICU's root word break iterator (UAX #29
// as ICU 72 tailors it: ':' is not MidLetter, '@' is a letter) finds in such a text, found with
// one table look-up per character, in one pass. The table is built once from ICU's own Word_Break
// property; a property test holds the result to ICU's (tests/engines/text/word_break_test.cc).
//
// A text qualifies when every character is in the BMP and of a Word_Break class whose rules
// are implemented here: letters (not Hebrew, nor a script ICU segments with a dictionary: Thai,
// Lao, Khmer, Myanmar, and no East Asian block at all), digits, the Mid* and ExtendNumLet
// punctuation, Extend and Format marks, spaces, line breaks and everything of class Other. Hebrew
// letters, Katakana, regional indicators and the zero-width joiner (rules WB3c, WB7a-c, WB13,
// WB15-16) send the text to ICU, as does ill-formed UTF-8.

// A word: bytes [begin, end) of the text, and ICU's rule status divided by 100 (1 a number, 2
// letters: UBRK_WORD_NUMBER and UBRK_WORD_LETTER). Segments of status 0 (spaces, punctuation,
// symbols, a lone "_") are not listed.
struct WordSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  int kind = 0;
};

// The words of `utf8` in order, into `out` (cleared first); false when the text does not qualify
// (`out` is then unspecified). `utf8` must be shorter than 4 GiB.
bool BreakWordsWithoutIcu(std::string_view utf8, std::vector<WordSpan>* out);

}  // namespace plenary::text
