// Plain text (.txt, .md): UTF-8 only, checked strictly, since a wrong encoding would make the
// text unsearchable without anyone noticing.
#include <string_view>

#include <fmt/core.h>

#include "formats/attachment/readers.h"
#include "formats/attachment/utf8_text.h"

namespace plenary::attachment {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

}  // namespace

Status CheckPlainText(std::string_view name, std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return InvalidArgument(fmt::format("{} is UTF-16 text; save it as UTF-8", name));
  }
  size_t line = 1;
  size_t pos = 0;
  while (pos < bytes.size()) {
    char32_t cp = 0;
    size_t len = DecodeUtf8(bytes, pos, cp);
    if (len == 0) {
      return InvalidArgument(fmt::format(
          "{} is not valid UTF-8 (line {}, byte offset {}); save it as UTF-8", name, line, pos));
    }
    if (cp == 0) {
      return InvalidArgument(fmt::format(
          "{} is not a text file (a NUL byte at line {}, byte offset {})", name, line, pos));
    }
    line += cp == '\n' ? 1 : 0;
    pos += len;
  }
  return Status::Ok();
}

Result<ExtractedText> ReadPlainText(std::string_view name, std::string_view bytes,
                                    const AttachmentLimits& limits) {
  RETURN_IF_ERROR(CheckPlainText(name, bytes));
  if (bytes.starts_with(kByteOrderMark)) {
    bytes.remove_prefix(kByteOrderMark.size());
  }
  ExtractedText result{.kind = AttachmentKind::kText};
  result.truncated = !AppendNormalized(bytes, limits.max_text_bytes, result.text);
  return result;
}

}  // namespace plenary::attachment
