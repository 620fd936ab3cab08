#include "formats/attachment/utf8_text.h"

namespace plenary::attachment {
namespace {

// What AppendNormalized drops: C0 controls but tab and LF, DEL, C1 controls, the bidi
// formatting marks that would reorder displayed snippets, and byte-order marks.
bool IsDropped(char32_t cp) {
  return (cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

}  // namespace

size_t DecodeUtf8(std::string_view text, size_t pos, char32_t& cp) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  unsigned char c = s[pos];
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t len = 0;
  char32_t value = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    value = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    value = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    value = c & 0x07;
  } else {
    return 0;
  }
  if (pos + len > text.size()) {
    return 0;
  }
  for (size_t k = 1; k < len; ++k) {
    if ((s[pos + k] & 0xC0) != 0x80) {
      return 0;
    }
    value = (value << 6) | (s[pos + k] & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kMin[len] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return 0;
  }
  cp = value;
  return len;
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool AppendNormalized(std::string_view raw, size_t cap, std::string& out) {
  size_t pos = 0;
  while (pos < raw.size()) {
    unsigned char c = static_cast<unsigned char>(raw[pos]);
    if (c >= 0x20 && c < 0x7F) {  // printable ASCII: the common case, copied as is
      if (out.size() >= cap) {
        return false;
      }
      out += static_cast<char>(c);
      ++pos;
      continue;
    }
    char32_t cp = 0;
    size_t len = DecodeUtf8(raw, pos, cp);
    if (len == 0) {
      cp = 0xFFFD;
      len = 1;
    }
    pos += len;
    if (cp == '\r') {
      if (pos < raw.size() && raw[pos] == '\n') {
        continue;  // the LF that follows ends the line
      }
      cp = '\n';
    }
    if (IsDropped(cp)) {
      continue;
    }
    size_t before = out.size();
    AppendUtf8(cp, out);
    if (out.size() > cap) {
      out.resize(before);
      return false;
    }
  }
  return true;
}

void TrimTrailingSpace(std::string& text) {
  size_t end = text.find_last_not_of(" \t\r\n\f\v");
  text.resize(end == std::string::npos ? 0 : end + 1);
}

}  // namespace plenary::attachment
