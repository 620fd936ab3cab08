// ExtractText: the limits, the sniffing, then the reader for the kind.
#include <string_view>

#include <fmt/core.h>

#include "formats/attachment/attachment.h"
#include "formats/attachment/file_types.h"
#include "formats/attachment/messages.h"
#include "formats/attachment/readers.h"

namespace plenary::attachment {

std::string_view AttachmentKindName(AttachmentKind kind) {
  switch (kind) {
    case AttachmentKind::kPdf:
      return "PDF";
    case AttachmentKind::kDocx:
      return "DOCX";
    case AttachmentKind::kText:
      return "text";
  }
  return "?";
}

Result<ExtractedText> ExtractText(std::string_view filename, std::string_view bytes,
                                  const AttachmentLimits& limits) {
  std::string_view name = BaseName(filename);
  // Before anything reads the bytes (SniffKind refuses an empty name first).
  if (!name.empty() && bytes.size() > limits.max_bytes) {
    return Error(InvalidArgument(fmt::format("{} is {}, more than max_bytes ({})", name,
                                             FormatByteSize(bytes.size()),
                                             FormatByteSize(limits.max_bytes))));
  }
  ASSIGN_OR_RETURN(AttachmentKind kind, SniffKind(filename, bytes));
  Result<ExtractedText> text = [&] {
    switch (kind) {
      case AttachmentKind::kPdf:
        return ReadPdfText(name, bytes, limits);
      case AttachmentKind::kDocx:
        return ReadDocxText(name, bytes, limits);
      case AttachmentKind::kText:
        break;
    }
    return ReadPlainText(name, bytes, limits);
  }();
  if (text) {
    text->media_type = FindFileType(name)->media_type;
  }
  return text;
}

}  // namespace plenary::attachment
