#include "engines/text/word_form.h"

#include <array>
#include <cstdint>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace plenary::text {
namespace {

bool IsAscii(std::string_view word) {
  for (char c : word) {
    if ((static_cast<unsigned char>(c) & 0x80) != 0) {
      return false;
    }
  }
  return true;
}

bool IsApostrophe(UChar32 c) {
  // U+2018 and U+2019 are the typographic quotes ICU also treats as apostrophes inside words;
  // U+02BC is the modifier letter apostrophe (Ukrainian, Belarusian).
  return c == 0x2018 || c == 0x2019 || c == 0x02BC;
}

bool IsWordCharacter(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0;
}

}  // namespace

void FoldWord(const icu::Normalizer2* normalizer, std::string_view word, std::string* scratch,
              std::string* out) {
  out->clear();
  if (IsAscii(word)) {
    out->resize(word.size());
    for (size_t i = 0; i < word.size(); ++i) {
      char c = word[i];
      (*out)[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return;
  }
  scratch->clear();
  const auto* s = reinterpret_cast<const uint8_t*>(word.data());
  const auto length = static_cast<int32_t>(word.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0 || c == 0x0640) {  // invalid, or tatweel (a stretching stroke)
      continue;
    }
    if (IsApostrophe(c)) {
      scratch->push_back('\'');
    } else {
      scratch->append(word.data() + start, static_cast<size_t>(i - start));
    }
  }
  if (normalizer == nullptr) {
    for (char c : *scratch) {
      out->push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(out);
  normalizer->normalizeUTF8(
      0, icu::StringPiece(scratch->data(), static_cast<int32_t>(scratch->size())), sink, nullptr,
      status);
  if (U_FAILURE(status)) {
    *out = *scratch;
  }
}

void StripElision(std::string* word) {
  // Lucene's French elision list.
  static constexpr std::array<std::string_view, 13> kElided = {
      "l'", "d'",  "j'",     "m'",      "n'",      "s'",     "t'",
      "c'", "qu'", "jusqu'", "lorsqu'", "puisqu'", "quoiqu'"};
  const size_t apostrophe = word->find('\'');
  if (apostrophe == std::string::npos || apostrophe + 1 >= word->size() || apostrophe > 6) {
    return;
  }
  const std::string_view prefix(word->data(), apostrophe + 1);
  for (std::string_view elided : kElided) {
    if (prefix == elided) {
      word->erase(0, prefix.size());
      return;
    }
  }
}

void KeepWordCharacters(std::string_view word, std::string* out) {
  out->clear();
  const auto* s = reinterpret_cast<const uint8_t*>(word.data());
  const auto length = static_cast<int32_t>(word.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0 || !IsWordCharacter(c)) {
      continue;
    }
    const auto bytes = static_cast<size_t>(i - start);
    if (out->size() + bytes > kMaxTermBytes) {
      return;
    }
    out->append(word.data() + start, bytes);
  }
}

Script ScriptOf(std::string_view word) {
  const auto* s = reinterpret_cast<const uint8_t*>(word.data());
  const auto length = static_cast<int32_t>(word.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0 || (U_GET_GC_MASK(c) & U_GC_L_MASK) == 0) {
      continue;
    }
    if (c < 0x80) {
      return Script::kLatin;
    }
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(c, &status)) {
      case USCRIPT_LATIN:
        return Script::kLatin;
      case USCRIPT_CYRILLIC:
        return Script::kCyrillic;
      case USCRIPT_ARABIC:
        return Script::kArabic;
      default:
        return Script::kOther;
    }
  }
  return Script::kOther;
}

}  // namespace plenary::text
