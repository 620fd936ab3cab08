#include "engines/text/language.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>  // compact_lang_det.h uses FILE without including it

#include <cld2/public/compact_lang_det.h>
#include <unicode/utf8.h>

#include "core/text.h"

namespace plenary::text {
namespace {

// Bytes after which a valid text may hold what cld2 refuses: C0 controls but tab and line ends,
// DEL, C1 controls (0xC2 0x80-0x9F) and noncharacters (U+FDD0-FDEF and U+xFFFE-xFFFF: 0xEF and
// four-byte leads). Ordinary text has none, or only some in characters cld2 takes.
constexpr std::array<bool, 256> kWatched = [] {
  std::array<bool, 256> watched{};
  for (int b = 0; b < 0x20; ++b) {
    watched[b] = b != '\t' && b != '\n' && b != '\r';
  }
  watched[0x7F] = watched[0xC2] = watched[0xEF] = true;
  for (int b = 0xF0; b <= 0xF4; ++b) {
    watched[b] = true;
  }
  return watched;
}();

// The first kMaxDetectBytes of `text`, cut before a character they would split.
std::string_view Prefix(std::string_view text) {
  if (text.size() <= kMaxDetectBytes) {
    return text;
  }
  size_t end = kMaxDetectBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end);
}

// Whether cld2 takes `text` as it is: valid UTF-8 without a watched byte (a quick check that
// sends the rare text with one to InterchangeText).
bool PlainInterchange(std::string_view text) {
  for (char ch : text) {
    if (kWatched[static_cast<unsigned char>(ch)]) {
      return false;
    }
  }
  return IsValidUtf8(text);
}

// What cld2 accepts ("interchange-valid" UTF-8): no invalid sequences, no C0 or C1 controls but
// tab and line ends, no noncharacters. Everything else becomes a space, which cld2 skips.
std::string InterchangeText(std::string_view text) {
  std::string out;
  out.reserve(std::min(text.size(), kMaxDetectBytes));
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(std::min(text.size(), kMaxDetectBytes));
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    const bool control =
        (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
    if (c < 0 || control || U_IS_UNICODE_NONCHAR(c)) {
      out.push_back(' ');
    } else {
      out.append(text.data() + start, static_cast<size_t>(i - start));
    }
  }
  return out;
}

std::string CodeOf(CLD2::Language language) {
  if (language == CLD2::UNKNOWN_LANGUAGE || language == CLD2::TG_UNKNOWN_LANGUAGE) {
    return "";
  }
  const char* code = CLD2::LanguageCode(language);
  return code == nullptr ? std::string() : NormalizeLanguageCode(code);
}

}  // namespace

DetectedLanguage DetectLanguage(std::string_view utf8_text) {
  const std::string_view prefix = Prefix(utf8_text);
  std::string text = PlainInterchange(prefix) ? std::string(prefix) : InterchangeText(utf8_text);
  CLD2::Language top3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE};
  int percent3[3] = {0, 0, 0};
  double scores3[3] = {0, 0, 0};
  int text_bytes = 0;
  bool reliable = false;
  int valid_prefix = 0;
  CLD2::Language language = CLD2::UNKNOWN_LANGUAGE;
  // InterchangeText should leave nothing cld2 refuses; should it disagree, the accepted prefix is
  // detected rather than nothing.
  for (int attempt = 0; attempt < 2; ++attempt) {
    language = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, nullptr, 0, top3,
        percent3, scores3, nullptr, &text_bytes, &reliable, &valid_prefix);
    if (valid_prefix < 0 || static_cast<size_t>(valid_prefix) >= text.size()) {
      break;
    }
    text.resize(static_cast<size_t>(valid_prefix));
  }
  DetectedLanguage result;
  result.code = CodeOf(language);
  if (result.code.empty()) {
    return result;
  }
  result.reliable = reliable;
  for (int i = 0; i < 3; ++i) {
    if (top3[i] == language) {
      result.percent = std::clamp(percent3[i], 0, 100);
      break;
    }
  }
  return result;
}

std::string NormalizeLanguageCode(std::string_view tag) {
  tag = Trim(tag);
  const size_t end = tag.find_first_of("-_");
  std::string_view primary = tag.substr(0, end);
  if (primary.size() < 2 || primary.size() > 3) {
    return "";
  }
  std::string code;
  for (char c : primary) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    if (c < 'a' || c > 'z') {
      return "";
    }
    code.push_back(c);
  }
  if (code == "iw") {
    return "he";
  }
  if (code == "in") {
    return "id";
  }
  if (code == "ji") {
    return "yi";
  }
  if (code == "jw") {
    return "jv";
  }
  return code;
}

LanguageChoice ChooseLanguage(std::string_view declared, std::string_view utf8_text) {
  std::string code = NormalizeLanguageCode(declared);
  if (!code.empty()) {
    return {std::move(code), false};
  }
  DetectedLanguage detected = DetectLanguage(utf8_text);
  if (detected.code.empty()) {
    return {};
  }
  return {std::move(detected.code), true};
}

}  // namespace plenary::text
