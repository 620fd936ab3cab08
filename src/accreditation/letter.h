#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/encoding.h"
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

}  // namespace plenary::accreditation
