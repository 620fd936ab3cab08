#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// An independent reader of Internet messages for the tests: it decodes what mail/mime.h
// encodes, written from the RFCs rather than from the encoder, so that a test compares the
// original text with what a receiving mail program would show.
namespace plenary::mail {

std::string DecodeBase64(std::string_view text);           // ignores CR, LF and other spacing
std::string DecodeQuotedPrintable(std::string_view text);  // RFC 2045 6.7, soft breaks joined
// RFC 2047: replaces "=?charset?B|Q?...?=" words by their bytes, dropping white space between
// adjacent encoded-words; other text is kept.
std::string DecodeWords(std::string_view text);

struct ReadMail {
  std::vector<std::pair<std::string, std::string>> fields;  // name, unfolded raw value
  std::string body;                                         // as transferred

  // The raw value of the first field named `name` (any case), or "".
  std::string Field(std::string_view name) const;
  // The body decoded as its Content-Transfer-Encoding says.
  std::string DecodedBody() const;
};

// Splits `text` (CRLF line ends) into header fields and body.
ReadMail ReadMessage(std::string_view text);

}  // namespace plenary::mail
