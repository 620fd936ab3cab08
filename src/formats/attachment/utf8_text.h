#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// UTF-8 decoding and the normalisation every extracted text goes through.
namespace plenary::attachment {

// Decodes the code point starting at `text[pos]` into `cp` and returns its length in bytes, or
// 0 when the bytes there are not well-formed UTF-8 (overlong, surrogate, past U+10FFFF, cut).
size_t DecodeUtf8(std::string_view text, size_t pos, char32_t& cp);

// Appends `cp` encoded as UTF-8.
void AppendUtf8(char32_t cp, std::string& out);

// Appends `raw` to `out`, normalised for search: invalid sequences become U+FFFD; CRLF and CR
// become LF; control characters other than LF and tab, bidirectional embeddings, overrides
// and isolates (U+202A..U+202E, U+2066..U+2069) and U+FEFF are dropped. Stops before `out`
// would pass `cap` bytes, always on a character boundary, and then returns false.
bool AppendNormalized(std::string_view raw, size_t cap, std::string& out);

// Removes trailing spaces, tabs, line breaks and form feeds.
void TrimTrailingSpace(std::string& text);

}  // namespace plenary::attachment
