#include "accreditation/letter.h"

#include <fmt/format.h>

#include "core/text.h"

namespace plenary::accreditation {
namespace {

constexpr size_t kMaxFilenameBytes = 200;
constexpr std::string_view kDefaultFilename = "letter.pdf";

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

}  // namespace plenary::accreditation
