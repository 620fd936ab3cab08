#include "accreditation/letter.h"

#include <fmt/format.h>

#include "core/text.h"

namespace plenary::accreditation {
namespace {

constexpr size_t kMaxFilenameBytes = 200;
constexpr std::string_view kDefaultFilename = "letter.pdf";

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

// Drops the trailing bytes of a UTF-8 sequence cut short at the end of `text`.
void TrimToCharBoundary(std::string& text) {
  while (!text.empty() && !IsValidUtf8(text)) {
    text.pop_back();
  }
}

}  // namespace

Status CheckLetter(std::string_view bytes, size_t max_bytes) {
  if (bytes.empty()) {
    return InvalidArgument(
        "'letter' is required: attach the nomination letter or note verbale as a PDF");
  }
  if (bytes.size() > max_bytes) {
    return InvalidArgument(fmt::format("'letter' is {} bytes: the limit is {} ({} bytes)",
                                       bytes.size(), FormatBytes(static_cast<int64_t>(max_bytes)),
                                       max_bytes));
  }
  if (!bytes.starts_with("%PDF-")) {
    return InvalidArgument("'letter' must be a PDF file (its content does not start with %PDF-)");
  }
  return Status::Ok();
}

std::string SanitiseFilename(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) {
    name.remove_prefix(slash + 1);
  }
  bool utf8 = IsValidUtf8(name);
  std::string out;
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '"' || (!utf8 && byte >= 0x80)) {
      continue;
    }
    out += c;
  }
  size_t first = out.find_first_not_of(". ");
  out.erase(0, first == std::string::npos ? out.size() : first);
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  if (out.size() > kMaxFilenameBytes) {
    out.resize(kMaxFilenameBytes);
    TrimToCharBoundary(out);
  }
  return out.empty() ? std::string(kDefaultFilename) : out;
}

std::string AttachmentDisposition(std::string_view filename) {
  std::string ascii;
  std::string encoded;
  for (char c : filename) {
    auto byte = static_cast<unsigned char>(c);
    bool plain = byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\';
    ascii += plain ? c : '_';
    bool attr_char = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                     std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
    encoded += attr_char ? std::string(1, c) : fmt::format("%{:02X}", byte);
  }
  return fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii, encoded);
}

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

}  // namespace plenary::accreditation
