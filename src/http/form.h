#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/request.h"

namespace plenary::http {

// A multipart part that carried a filename parameter.
struct FormFile {
  std::string field;         // the part's name
  std::string filename;      // a base name: never empty, no path, no control characters
  std::string content_type;  // as sent; "text/plain" when the part had none (RFC 7578 4.4)
  std::string data;          // byte-exact
};

// A parsed HTML form. Names and text values are valid UTF-8 without NUL.
struct Form {
  std::multimap<std::string, std::string, std::less<>> fields;  // text fields, decoded
  std::vector<FormFile> files;                                  // in body order

  // The first value sent for `name`, if any.
  std::optional<std::string_view> Field(std::string_view name) const;
  // The first file sent for `field`, or nullptr. Points into `files`.
  const FormFile* File(std::string_view field) const;
};

struct FormLimits {
  size_t max_fields = 64;
  size_t max_field_bytes = 64 * 1024;  // per text field value
  size_t max_files = 4;
  size_t max_file_bytes = 10 * 1024 * 1024;  // per file
};

// Parses an application/x-www-form-urlencoded or multipart/form-data (RFC 7578) body.
// Every error is kInvalidArgument (HTTP 400) with a message naming the problem: another content
// type, a missing or invalid boundary, malformed part headers, a missing closing delimiter, a
// field that is not UTF-8, or an exceeded limit (named as in FormLimits, e.g. "max_files"). No
// Status code maps to 413 in HttpStatusFor, and kResourceExhausted (429) would invite a retry.
// A file input left empty by a browser (filename="" and no data) is omitted.
Result<Form> ParseForm(const Request& request, const FormLimits& limits = {});

// The multipart/form-data parser alone; `boundary` is the Content-Type parameter, unquoted.
// Scans `body` without copying it; only the returned values are copies.
Result<Form> ParseMultipart(std::string_view body, std::string_view boundary,
                            const FormLimits& limits);

}  // namespace plenary::http
