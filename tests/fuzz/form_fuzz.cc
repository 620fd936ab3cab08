// Input: the Content-Type header value, a newline, then the body.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/text.h"
#include "http/form.h"

namespace {

bool IsText(std::string_view text) {
  return plenary::IsValidUtf8(text) && text.find('\0') == std::string_view::npos;
}

bool IsBaseName(std::string_view name) {
  if (name.empty() || name == "." || name == ".." || !plenary::IsValidUtf8(name)) {
    return false;
  }
  for (char c : name) {
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  plenary::http::Request request;
  request.method = plenary::http::Method::kPost;
  if (newline != std::string_view::npos) {
    request.headers.Set("content-type", std::string(input.substr(0, newline)));
    request.body = std::string(input.substr(newline + 1));
  } else {
    request.body = std::string(input);
  }
  // Small limits, so that mutations reach every limit.
  const plenary::http::FormLimits limits{
      .max_fields = 8, .max_field_bytes = 256, .max_files = 2, .max_file_bytes = 1024};
  auto form = plenary::http::ParseForm(request, limits);
  if (!form) {
    if (form.error().code() != plenary::StatusCode::kInvalidArgument ||
        form.error().message().empty()) {
      __builtin_trap();  // every refusal is a 400 with a reason
    }
    return 0;
  }
  if (form->fields.size() > limits.max_fields || form->files.size() > limits.max_files) {
    __builtin_trap();
  }
  for (const auto& [name, value] : form->fields) {
    if (!IsText(name) || !IsText(value) || value.size() > limits.max_field_bytes) {
      __builtin_trap();  // fields are decoded UTF-8 text within the limit
    }
  }
  for (const auto& file : form->files) {
    if (!IsText(file.field) || !IsBaseName(file.filename) || file.content_type.empty() ||
        file.data.size() > limits.max_file_bytes ||
        request.body.find(file.data) == std::string::npos) {
      __builtin_trap();  // file data is an unaltered slice of the body
    }
  }
  return 0;
}
