#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace plenary {

// Standard base64 (RFC 4648 section 4), padded or not; whitespace (line wrapping) is skipped.
// kInvalidArgument naming `field` for any other character or a truncated last group.
Result<std::string> DecodeBase64(std::string_view text, std::string_view field);

// "5 MiB", "512 KiB", "900 bytes": a size for people.
std::string FormatBytes(int64_t bytes);

// Lower-case hex of `bytes`.
std::string HexEncode(std::string_view bytes);

}  // namespace plenary
