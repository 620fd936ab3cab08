#include "formats/attachment/file_types.h"

#include <array>

#include "core/text.h"

namespace plenary::attachment {
namespace {

constexpr std::array<FileType, 4> kTypes = {{
    {".pdf", AttachmentKind::kPdf, "application/pdf", "a PDF"},
    {".docx", AttachmentKind::kDocx,
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a DOCX file"},
    {".txt", AttachmentKind::kText, "text/plain; charset=utf-8", "a text file"},
    {".md", AttachmentKind::kText, "text/markdown; charset=utf-8", "a text file"},
}};

}  // namespace

std::span<const FileType> AcceptedFileTypes() {
  return kTypes;
}

const FileType* FindFileType(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) {
    return nullptr;
  }
  std::string extension = AsciiLower(name.substr(dot));
  for (const FileType& type : kTypes) {
    if (type.extension == extension) {
      return &type;
    }
  }
  return nullptr;
}

}  // namespace plenary::attachment
