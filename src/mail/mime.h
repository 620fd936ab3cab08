#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/clock.h"

// The encodings an Internet message needs (RFC 5322, MIME: RFC 2045 and 2047). Pure functions
// on strings; every line they produce ends in CRLF and stays within 78 characters.
namespace plenary::mail {

bool IsAscii(std::string_view text);

// CRLF for every line break in `text`: "\r\n", a lone "\n" and a lone "\r" alike.
std::string NormalizeLineBreaks(std::string_view text);

// Base64 (RFC 4648, with padding) in lines of 76 characters joined by CRLF; no final CRLF.
std::string EncodeBase64(std::string_view bytes);

// Quoted-printable (RFC 2045 section 6.7) of `text`, whose line breaks are CRLF: "=" and bytes
// outside printable ASCII become "=XX", as does white space at the end of a line; soft line
// breaks ("=" CRLF) keep every line within 76 characters. No final CRLF is added.
std::string EncodeQuotedPrintable(std::string_view text);

// UTF-8 `text` as RFC 2047 encoded-words ("=?UTF-8?B?...?="), each a whole number of characters
// and at most 75 characters long, joined by CRLF SP (folding white space, which decoders drop
// between encoded-words). `used` is how much of the first line is taken already.
std::string EncodeWords(std::string_view text, size_t used);

// "Name: value" for an unstructured header field (Subject) without the final CRLF: the value as
// is when it is short printable ASCII, else as encoded-words.
std::string UnstructuredField(std::string_view name, std::string_view value);

// A display name as an RFC 5322 phrase: as is when it is atoms and spaces, a quoted-string when
// it is other printable ASCII, encoded-words otherwise. `used` as for EncodeWords.
std::string EncodePhrase(std::string_view name, size_t used);

// "Sun, 01 Mar 2026 09:00:00 +0000" (RFC 5322 section 3.3; always UTC).
std::string FormatRfc5322Date(Timestamp t);

}  // namespace plenary::mail
