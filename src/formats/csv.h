#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace plenary::formats {

// Reads RFC 4180 CSV from memory, one record at a time: fields separated by commas, optionally
// quoted with "" for a literal quote; CRLF or LF line ends. A record may span lines inside quotes.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}

  // Fills `fields` with the next record; false at the end. kInvalidArgument naming the line on
  // an unterminated quote or text after a closing quote.
  Result<bool> Next(std::vector<std::string>& fields);
  // The line on which the last record returned started (1-based).
  size_t line() const { return record_line_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t record_line_ = 0;
};

// Quotes a field when it needs it.
std::string CsvField(std::string_view value);

}  // namespace plenary::formats
