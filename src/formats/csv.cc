#include "formats/csv.h"

#include <charconv>
#include <string>

#include <fmt/format.h>

namespace plenary::formats {

Result<bool> CsvReader::NextRecord(std::vector<std::string_view>& fields) {
  fields.clear();
  if (pos_ >= text_.size()) {
    return false;
  }
  record_line_ = line_;
  size_t quoted_fields = 0;
  // Quoted fields are unescaped into scratch strings; their views are made once the record is
  // complete, because pushing to `scratch_` may move the strings.
  std::vector<std::pair<size_t, size_t>> quoted;  // (field index, scratch index)
  bool more = true;
  while (more) {
    if (pos_ < text_.size() && text_[pos_] == '"') {
      if (scratch_.size() <= quoted_fields) {
        scratch_.emplace_back();
      }
      std::string& out = scratch_[quoted_fields];
      out.clear();
      RETURN_IF_ERROR(ReadQuoted(fields.size(), pos_, out));
      quoted.emplace_back(fields.size(), quoted_fields++);
      fields.emplace_back();
    } else {
      ASSIGN_OR_RETURN(std::string_view field, ReadUnquoted(fields.size()));
      fields.push_back(field);
    }
    ASSIGN_OR_RETURN(more, EndField(fields.size()));
  }
  for (const auto& [field, index] : quoted) {
    fields[field] = scratch_[index];
  }
  return true;
}

Result<std::string_view> CsvReader::ReadUnquoted(size_t field_index) {
  const size_t start = pos_;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == ',' || c == '\n' || c == '\r') {
      break;
    }
    if (c == '"') {
      return Error(InvalidArgument(fmt::format("line {}, column {}: quote inside an unquoted field",
                                               line_, field_index + 1)));
    }
    ++pos_;
  }
  return text_.substr(start, pos_ - start);
}

Result<bool> CsvReader::EndField(size_t fields) {
  if (pos_ >= text_.size()) {
    return false;
  }
  const char c = text_[pos_];
  if (c == ',') {
    ++pos_;
    return true;
  }
  if (c == '\r') {
    ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') {
      ++pos_;
    }
  } else if (c == '\n') {
    ++pos_;
  } else {
    return Error(InvalidArgument(
        fmt::format("line {}, column {}: text after a closing quote", line_, fields)));
  }
  ++line_;
  return false;
}

Status CsvReader::ReadQuoted(size_t field_index, size_t& pos, std::string& out) {
  const int64_t open_line = line_;
  ++pos;  // The opening quote.
  while (pos < text_.size()) {
    const char c = text_[pos];
    if (c == '"') {
      if (pos + 1 < text_.size() && text_[pos + 1] == '"') {
        out.push_back('"');
        pos += 2;
        continue;
      }
      ++pos;  // The closing quote.
      return Status::Ok();
    }
    if (c == '\n') {
      ++line_;
    }
    out.push_back(c);
    ++pos;
  }
  return InvalidArgument(
      fmt::format("line {}, column {}: quoted field is never closed", open_line, field_index + 1));
}

Status ReadHeader(CsvReader& reader, std::vector<std::string_view>& fields, std::string_view file) {
  ASSIGN_OR_RETURN(bool any, reader.NextRecord(fields));
  if (!any) {
    return InvalidArgument(std::string(file) + " line 1: missing header");
  }
  return Status::Ok();
}

void AppendCsvField(std::string_view field, std::string& out) {
  const bool needs_quotes = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs_quotes) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') {
      out.push_back('"');
    }
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendCsvRecord(const std::vector<std::string_view>& fields, std::string& out) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      out.push_back(',');
    }
    AppendCsvField(fields[i], out);
  }
  out.push_back('\n');
}

bool ParseInt64(std::string_view text, int64_t& value) {
  if (text.empty()) {
    return false;
  }
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end;
}

bool ParseDouble(std::string_view text, double& value) {
  if (text.empty()) {
    return false;
  }
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end;
}

std::string FieldPosition(int64_t line, size_t column_index, std::string_view column_name) {
  return fmt::format("line {}, column {} ({})", line, column_index + 1, column_name);
}

}  // namespace plenary::formats
