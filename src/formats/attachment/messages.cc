#include "formats/attachment/messages.h"

#include <array>
#include <utility>

#include <fmt/core.h>

namespace plenary::attachment {

std::string_view BaseName(std::string_view filename) {
  size_t slash = filename.find_last_of("/\\");
  return slash == std::string_view::npos ? filename : filename.substr(slash + 1);
}

std::string FormatByteSize(uint64_t bytes) {
  if (bytes < 1024) {
    return fmt::format("{} byte{}", bytes, bytes == 1 ? "" : "s");
  }
  static constexpr std::array<std::string_view, 3> kUnits = {"KiB", "MiB", "GiB"};
  double value = static_cast<double>(bytes) / 1024;
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < kUnits.size()) {
    value /= 1024;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::string_view DescribeSignature(std::string_view bytes) {
  using namespace std::string_view_literals;
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kSignatures = {{
      {"%PDF-"sv, "a PDF"sv},
      {"PK\x03\x04"sv, "a ZIP archive"sv},
      {"PK\x05\x06"sv, "a ZIP archive"sv},
      {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv,
       "an OLE file (an old .doc, or a password-protected Office document)"sv},
      {"\x89PNG"sv, "a PNG image"sv},
      {"\xFF\xD8\xFF"sv, "a JPEG image"sv},
      {"GIF87a"sv, "a GIF image"sv},
      {"GIF89a"sv, "a GIF image"sv},
      {"{\\rtf"sv, "an RTF document"sv},
      {"\x1F\x8B"sv, "a gzip archive"sv},
      {"\xFF\xFE"sv, "UTF-16 text"sv},
      {"\xFE\xFF"sv, "UTF-16 text"sv},
  }};
  for (const auto& [signature, description] : kSignatures) {
    if (bytes.starts_with(signature)) {
      return description;
    }
  }
  return {};
}

}  // namespace plenary::attachment
