#include "mail_reader.h"

#include "core/text.h"

namespace plenary::mail {
namespace {

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '+') {
    return 62;
  }
  if (c == '/') {
    return 63;
  }
  return -1;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

// RFC 2047 "Q": like quoted-printable, and "_" is a space.
std::string DecodeQ(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      out += ' ';
    } else if (text[i] == '=' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// One encoded-word at the start of `text`: its length and decoded bytes, or length 0.
std::pair<size_t, std::string> EncodedWord(std::string_view text) {
  if (!text.starts_with("=?")) {
    return {0, {}};
  }
  size_t q1 = text.find('?', 2);
  if (q1 == std::string_view::npos || q1 + 2 >= text.size() || text[q1 + 2] != '?') {
    return {0, {}};
  }
  size_t end = text.find("?=", q1 + 3);
  if (end == std::string_view::npos) {
    return {0, {}};
  }
  char encoding = text[q1 + 1];
  std::string_view payload = text.substr(q1 + 3, end - q1 - 3);
  if (encoding == 'B' || encoding == 'b') {
    return {end + 2, DecodeBase64(payload)};
  }
  if (encoding == 'Q' || encoding == 'q') {
    return {end + 2, DecodeQ(payload)};
  }
  return {0, {}};
}

}  // namespace

std::string DecodeBase64(std::string_view text) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    int v = Base64Value(c);
    if (v < 0) {
      continue;  // line breaks, padding
    }
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

std::string DecodeQuotedPrintable(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
    } else if (text.substr(i + 1).starts_with("\r\n")) {
      i += 2;  // soft line break
    } else if (i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += '=';
    }
  }
  return out;
}

std::string DecodeWords(std::string_view text) {
  std::string out;
  std::string pending_space;  // white space after an encoded-word, dropped if another follows
  bool after_word = false;
  size_t i = 0;
  while (i < text.size()) {
    auto [length, decoded] = EncodedWord(text.substr(i));
    if (length > 0) {
      if (!after_word) {
        out += pending_space;
      }
      pending_space.clear();
      out += decoded;
      after_word = true;
      i += length;
      continue;
    }
    char c = text[i++];
    if (c == ' ' || c == '\t') {
      pending_space += c;
      continue;
    }
    out += pending_space;
    pending_space.clear();
    out += c;
    after_word = false;
  }
  return out + pending_space;
}

std::string ReadMail::Field(std::string_view name) const {
  for (const auto& [n, value] : fields) {
    if (AsciiLower(n) == AsciiLower(name)) {
      return value;
    }
  }
  return {};
}

std::string ReadMail::DecodedBody() const {
  std::string encoding = AsciiLower(Field("Content-Transfer-Encoding"));
  if (encoding == "base64") {
    return DecodeBase64(body);
  }
  if (encoding == "quoted-printable") {
    return DecodeQuotedPrintable(body);
  }
  return body;
}

ReadMail ReadMessage(std::string_view text) {
  ReadMail mail;
  size_t split = text.find("\r\n\r\n");
  std::string_view head = text.substr(0, split);
  mail.body = split == std::string_view::npos ? std::string() : std::string(text.substr(split + 4));
  // Unfold: a CRLF followed by white space continues the previous field.
  std::string unfolded;
  for (size_t i = 0; i < head.size(); ++i) {
    if (head.substr(i).starts_with("\r\n") && i + 2 < head.size() &&
        (head[i + 2] == ' ' || head[i + 2] == '\t')) {
      i += 1;
      continue;
    }
    unfolded += head[i];
  }
  size_t start = 0;
  while (start <= unfolded.size()) {
    size_t end = unfolded.find("\r\n", start);
    std::string_view line = std::string_view(unfolded).substr(
        start, end == std::string::npos ? std::string::npos : end - start);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      mail.fields.emplace_back(std::string(line.substr(0, colon)),
                               std::string(Trim(line.substr(colon + 1))));
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 2;
  }
  return mail;
}

}  // namespace plenary::mail
