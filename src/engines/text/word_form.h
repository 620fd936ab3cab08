#pragma once

#include <string>
#include <string_view>

#include <unicode/uversion.h>

#include "engines/text/analyzer.h"  // kMaxTermBytes

U_NAMESPACE_BEGIN
class Normalizer2;
U_NAMESPACE_END

namespace plenary::text {

// The steps that turn one word of the input into its terms (internal to the module).

// Writes the case-folded form of `word` to `out`: ICU NFKC_Casefold ("Coopération" ->
// "coopération", "ＣＯＰ" -> "cop", "ß" -> "ss"), with typographic apostrophes made ASCII and
// Arabic tatweel dropped. Invalid UTF-8 is skipped. A null `normalizer` (ICU data missing) folds
// ASCII only. `scratch` is reused between calls.
void FoldWord(const icu::Normalizer2* normalizer, std::string_view word, std::string* scratch,
              std::string* out);

// Drops a French elided article or pronoun from a folded word: "l'accord" -> "accord",
// "qu'il" -> "il", "jusqu'à" -> "à". Words without one are left alone.
void StripElision(std::string* word);

// Writes the letters, marks and digits of `word` to `out`, dropping the rest ("don't" -> "dont",
// "u.n" -> "un"), and stops before kMaxTermBytes. A term is thus one token for any full-text
// tokenizer that splits at punctuation and spaces.
void KeepWordCharacters(std::string_view word, std::string* out);

// The script of a folded word's first letter, as far as stemming cares.
enum class Script { kOther, kLatin, kCyrillic, kArabic };
Script ScriptOf(std::string_view word);

}  // namespace plenary::text
