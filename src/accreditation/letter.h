#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

// The nomination letter or note verbale: checks on its bytes and its name, and how it is
// carried in JSON (base64) and served (Content-Disposition).
namespace plenary::accreditation {

// The largest letter accepted, unless Context::max_letter_bytes says otherwise.
inline constexpr size_t kMaxLetterBytes = 5 * 1024 * 1024;

// kInvalidArgument naming the field 'letter' when the letter is missing, does not start with
// "%PDF-", or is larger than `max_bytes` (the message names the limit, e.g. "5 MiB").
Status CheckLetter(std::string_view bytes, size_t max_bytes);

// A file name safe to store and to offer for download: its base name, without control
// characters, quotes or backslashes, without leading dots, valid UTF-8, at most 200 bytes;
// "letter.pdf" when nothing is left.
std::string SanitiseFilename(std::string_view name);

// The Content-Disposition value offering `filename` as an attachment: an ASCII fallback and
// the UTF-8 name (RFC 6266, RFC 8187).
std::string AttachmentDisposition(std::string_view filename);

// Decodes standard base64 (RFC 4648 section 4), padding optional, white space ignored.
// kInvalidArgument naming `field` on any other character or a truncated group.
Result<std::string> DecodeBase64(std::string_view text, std::string_view field);

// "5 MiB", "512 KiB", "900 bytes": a size for people.
std::string FormatBytes(int64_t bytes);

}  // namespace plenary::accreditation
