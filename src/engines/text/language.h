#pragma once

#include <string>
#include <string_view>

namespace plenary::text {

// The language cld2 finds in a text. `code` is ISO 639-1 where the language has one ("en", "fr",
// "es", "ru", "zh", "ar", "de", ...), else the ISO 639-2 code cld2 uses ("haw", "ceb"), and ""
// when cld2 cannot tell (too short, no letters, gibberish). `percent` is the share of the text's
// letters in that language (0 when unknown). `reliable` is cld2's verdict that the answer is
// clearly ahead of the runner-up; an unreliable code is a guess.
struct DetectedLanguage {
  std::string code;
  int percent = 0;
  bool reliable = false;
};

// Detects the main language of plain UTF-8 text with libcld2. Invalid UTF-8, control characters
// and noncharacters are ignored; only the first kMaxDetectBytes are read (the main language of a
// longer text is settled before: 340 Chinese characters, 500 Russian or Arabic ones; reading up
// to 256 KiB made detection a tenth of a bulk import's CPU). Traditional Chinese is reported as
// "zh", like Simplified. Thread-safe; never fails.
inline constexpr size_t kMaxDetectBytes = 1024;
DetectedLanguage DetectLanguage(std::string_view utf8_text);

// The primary subtag of a language tag, lower-cased: "en-GB" and "EN_us" give "en", "zh-Hant"
// gives "zh", and the deprecated "iw", "in", "ji" and "jw" give "he", "id", "yi" and "jv". Anything
// that is not 2 or 3 ASCII letters before the first '-' or '_' gives "".
std::string NormalizeLanguageCode(std::string_view tag);

// The language a contribution is stored with: its declared one (normalised) when it has one,
// else the one detected in its text, and then `detected` is true so that pages can say so. An
// unreliable detection is still taken, since a guess analyses a text better than none. `code` is
// "" when none was declared and cld2 could not tell.
struct LanguageChoice {
  std::string code;
  bool detected = false;
};
LanguageChoice ChooseLanguage(std::string_view declared, std::string_view utf8_text);

}  // namespace plenary::text
