#include "mail/mime.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

namespace plenary::mail {
namespace {

constexpr size_t kMaxLine = 78;       // RFC 5322 section 2.1.1 (SHOULD)
constexpr size_t kMaxBodyLine = 76;   // RFC 2045 for base64 and quoted-printable lines
constexpr size_t kMaxWordChars = 60;  // base64 characters in one encoded-word: 72 in all
constexpr std::string_view kWordStart = "=?UTF-8?B?";
constexpr std::string_view kWordEnd = "?=";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kHex[] = "0123456789ABCDEF";

std::string Base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += kBase64[n & 63];
  }
  if (size_t rest = bytes.size() - i; rest > 0) {
    uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) {
      n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    }
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += rest == 2 ? kBase64[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The longest prefix of `text` of at most `max_bytes` that does not cut a character in two
// (at least one character, so that progress is made).
size_t CharacterPrefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return text.size();
  }
  size_t n = max_bytes;
  while (n > 0 && IsContinuationByte(text[n])) {
    --n;
  }
  if (n == 0) {  // a budget smaller than one character: take the whole character
    n = 1;
    while (n < text.size() && IsContinuationByte(text[n])) {
      ++n;
    }
  }
  return n;
}

bool IsPrintableAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

bool IsAtomOrSpace(char c) {
  static constexpr std::string_view kSymbols = "!#$%&'*+-/=?^_`{|}~ ";
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         kSymbols.find(c) != std::string_view::npos;
}

}  // namespace

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string NormalizeLineBreaks(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' || c == '\n') {
      out += "\r\n";
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
    } else {
      out += c;
    }
  }
  return out;
}

std::string EncodeBase64(std::string_view bytes) {
  std::string flat = Base64(bytes);
  std::string out;
  out.reserve(flat.size() + flat.size() / kMaxBodyLine * 2);
  for (size_t i = 0; i < flat.size(); i += kMaxBodyLine) {
    if (i > 0) {
      out += "\r\n";
    }
    out.append(flat, i, kMaxBodyLine);
  }
  return out;
}

std::string EncodeQuotedPrintable(std::string_view text) {
  std::string out;
  size_t line = 0;  // characters on the current output line
  auto put = [&](std::string_view token) {
    // Keep room for the "=" of a soft line break.
    if (line + token.size() > kMaxBodyLine - 1) {
      out += "=\r\n";
      line = 0;
    }
    out += token;
    line += token.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      out += "\r\n";
      line = 0;
      ++i;
      continue;
    }
    bool at_line_end = i + 1 == text.size() || text[i + 1] == '\r';
    auto u = static_cast<unsigned char>(c);
    bool literal = (u >= 33 && u <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    if (literal) {
      put(std::string_view(&c, 1));
    } else {
      const char escaped[] = {'=', kHex[u >> 4], kHex[u & 15]};
      put(std::string_view(escaped, 3));
    }
  }
  return out;
}

std::string EncodeWords(std::string_view text, size_t used) {
  constexpr size_t kOverhead = kWordStart.size() + kWordEnd.size();
  std::string out;
  while (!text.empty()) {
    size_t room = used + kOverhead + 4 <= kMaxLine ? kMaxLine - used - kOverhead : 4;
    size_t chars = std::min(kMaxWordChars, room / 4 * 4);
    size_t take = CharacterPrefix(text, chars / 4 * 3);
    out += kWordStart;
    out += Base64(text.substr(0, take));
    out += kWordEnd;
    text.remove_prefix(take);
    if (!text.empty()) {
      out += "\r\n ";
      used = 1;
    }
  }
  return out;
}

std::string UnstructuredField(std::string_view name, std::string_view value) {
  std::string head = std::string(name) + ": ";
  bool plain = IsPrintableAscii(value) && value.find("=?") == std::string_view::npos &&
               head.size() + value.size() <= kMaxLine;
  return head + (plain ? std::string(value) : EncodeWords(value, head.size()));
}

std::string EncodePhrase(std::string_view name, size_t used) {
  if (std::all_of(name.begin(), name.end(), IsAtomOrSpace) &&
      name.find("=?") == std::string_view::npos) {
    return std::string(name);
  }
  if (IsPrintableAscii(name) && name.find("=?") == std::string_view::npos) {
    std::string quoted = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') {
        quoted += '\\';
      }
      quoted += c;
    }
    return quoted += '"';
  }
  return EncodeWords(name, used);
}

std::string FormatRfc5322Date(Timestamp t) {
  using namespace std::chrono;
  static constexpr std::string_view kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss hms{floor<seconds>(t - day)};
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[weekday(day).c_encoding()],
                     static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

}  // namespace plenary::mail
