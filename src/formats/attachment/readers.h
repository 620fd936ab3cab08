#pragma once

#include <string_view>

#include "core/result.h"
#include "formats/attachment/attachment.h"

// The readers behind ExtractText, one per kind. Each receives bytes that SniffKind accepted and
// that are within limits.max_bytes, and `name` without directories; each returns the text
// already normalised and capped (utf8_text.h); ExtractText fills in the media type.
namespace plenary::attachment {

Result<ExtractedText> ReadPdfText(std::string_view name, std::string_view bytes,
                                  const AttachmentLimits& limits);

Result<ExtractedText> ReadDocxText(std::string_view name, std::string_view bytes,
                                   const AttachmentLimits& limits);

Result<ExtractedText> ReadPlainText(std::string_view name, std::string_view bytes,
                                    const AttachmentLimits& limits);

// kInvalidArgument unless `bytes` are UTF-8 text (an optional BOM, no NUL byte).
Status CheckPlainText(std::string_view name, std::string_view bytes);

}  // namespace plenary::attachment
