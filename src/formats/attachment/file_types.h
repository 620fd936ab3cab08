#pragma once

#include <span>
#include <string_view>

#include "formats/attachment/attachment.h"

// The file types attachments may have, by extension.
namespace plenary::attachment {

struct FileType {
  std::string_view extension;  // ".pdf"
  AttachmentKind kind;
  std::string_view media_type;
  std::string_view noun;  // for "x is not <noun>": "a PDF"
};

std::span<const FileType> AcceptedFileTypes();

// The type named by the extension of `name` (any case), or nullptr.
const FileType* FindFileType(std::string_view name);

}  // namespace plenary::attachment
