#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace plenary {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool IsValidUtf8(std::string_view text);

// The character at s[*i] when it is well-formed UTF-8 of one to three bytes (the Basic
// Multilingual Plane, surrogates and overlong forms excluded), advancing *i past it; -1, with
// *i unchanged, otherwise (ill-formed, or a four-byte character). For the table-driven word
// scanners, whose tables cover the BMP and which hand everything else over. Requires *i < n.
inline int32_t DecodeUtf8Bmp(const unsigned char* s, size_t n, size_t* i) {
  auto continuation = [](unsigned char c) { return (c & 0xC0) == 0x80; };
  const unsigned char lead = s[*i];
  if (lead < 0x80) {
    *i += 1;
    return lead;
  }
  if (lead >= 0xC2 && lead < 0xE0 && *i + 1 < n && continuation(s[*i + 1])) {
    const int32_t c = ((lead & 0x1F) << 6) | (s[*i + 1] & 0x3F);
    *i += 2;
    return c;
  }
  if ((lead & 0xF0) == 0xE0 && *i + 2 < n && continuation(s[*i + 1]) && continuation(s[*i + 2])) {
    const int32_t c = ((lead & 0x0F) << 12) | ((s[*i + 1] & 0x3F) << 6) | (s[*i + 2] & 0x3F);
    if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) {
      return -1;
    }
    *i += 3;
    return c;
  }
  return -1;
}

// Removes ASCII white space at both ends.
std::string_view Trim(std::string_view text);

// Splits on `sep`, keeping empty fields.
std::vector<std::string_view> Split(std::string_view text, char sep);

// Lower-cases ASCII letters only (identifiers, codes, header names).
std::string AsciiLower(std::string_view text);

}  // namespace plenary
