#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace plenary::formats {

// Reads RFC 4180 CSV from memory: fields separated by commas, records by LF or CRLF, fields
// optionally enclosed in double quotes, a quote inside a quoted field doubled. Quoted fields may
// span lines. Fields are views into the text, or into the reader's scratch space for quoted
// fields that had to be unescaped; they stay valid until the next call to NextRecord.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}

  // Reads the next record into `fields`. Returns false at the end of the text. Fails with
  // kInvalidArgument naming the line and column of a malformed quote.
  Result<bool> NextRecord(std::vector<std::string_view>& fields);

  // The 1-based line on which the record last returned starts.
  int64_t record_line() const { return record_line_; }
  // How many bytes of the text have been read (for progress bars).
  size_t offset() const { return pos_; }

 private:
  Status ReadQuoted(size_t field_index, size_t& pos, std::string& out);
  Result<std::string_view> ReadUnquoted(size_t field_index);
  // Consumes the separator after a field: true when another field follows in this record.
  Result<bool> EndField(size_t fields);

  std::string_view text_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  int64_t record_line_ = 0;
  std::vector<std::string> scratch_;
};

// Reads the header record into `fields`; kInvalidArgument "<file> line 1: missing header" when
// the text is empty.
Status ReadHeader(CsvReader& reader, std::vector<std::string_view>& fields, std::string_view file);

// Appends `field` to `out`, quoting it when it holds a comma, quote, CR or LF, or starts or ends
// with a space.
void AppendCsvField(std::string_view field, std::string& out);

// Appends the fields as one record terminated by "\n".
void AppendCsvRecord(const std::vector<std::string_view>& fields, std::string& out);

// Parses a base-10 integer occupying the whole of `text` (an optional leading '-').
bool ParseInt64(std::string_view text, int64_t& value);

// Parses a decimal number occupying the whole of `text`.
bool ParseDouble(std::string_view text, double& value);

// "line 12, column 3 (vote)": the position of a field for error messages.
std::string FieldPosition(int64_t line, size_t column_index, std::string_view column_name);

}  // namespace plenary::formats
