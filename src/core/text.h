#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace plenary {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool IsValidUtf8(std::string_view text);

// Removes ASCII white space at both ends.
std::string_view Trim(std::string_view text);

// Splits on `sep`, keeping empty fields.
std::vector<std::string_view> Split(std::string_view text, char sep);

// Lower-cases ASCII letters only (identifiers, codes, header names).
std::string AsciiLower(std::string_view text);

}  // namespace plenary
