#include "core/encoding.h"

#include <fmt/format.h>

#include "core/text.h"

namespace plenary {
namespace {

// The value of a base64 digit, or -1.
int Base64Digit(char c) {
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

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

Result<std::string> DecodeBase64(std::string_view text, std::string_view field) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  uint32_t group = 0;
  int digits = 0;
  size_t padding = 0;
  for (char c : text) {
    if (IsSpace(c)) {
      continue;
    }
    if (c == '=') {
      ++padding;
      continue;
    }
    int value = Base64Digit(c);
    if (value < 0 || padding > 0) {
      return Error(InvalidArgument(fmt::format("'{}' is not valid base64", field)));
    }
    group = (group << 6) | static_cast<uint32_t>(value);
    if (++digits == 4) {
      out += static_cast<char>((group >> 16) & 0xff);
      out += static_cast<char>((group >> 8) & 0xff);
      out += static_cast<char>(group & 0xff);
      group = 0;
      digits = 0;
    }
  }
  // A last group of 2 or 3 digits carries 1 or 2 bytes; 1 digit carries none.
  if (digits == 1 || padding > 2 || (padding > 0 && digits + padding != 4)) {
    return Error(InvalidArgument(fmt::format("'{}' is not valid base64 (truncated)", field)));
  }
  if (digits == 2) {
    out += static_cast<char>((group >> 4) & 0xff);
  } else if (digits == 3) {
    out += static_cast<char>((group >> 10) & 0xff);
    out += static_cast<char>((group >> 2) & 0xff);
  }
  return out;
}

std::string FormatBytes(int64_t bytes) {
  constexpr int64_t kKiB = 1024;
  constexpr int64_t kMiB = 1024 * kKiB;
  if (bytes >= kMiB && bytes % kMiB == 0) {
    return fmt::format("{} MiB", bytes / kMiB);
  }
  if (bytes >= kMiB) {
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / kMiB);
  }
  if (bytes >= kKiB) {
    return fmt::format("{} KiB", (bytes + kKiB - 1) / kKiB);
  }
  return fmt::format("{} bytes", bytes);
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xf];
  }
  return out;
}

}  // namespace plenary
