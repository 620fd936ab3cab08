#include <cstdint>
#include <string_view>

#include "core/text.h"
#include "http/request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& [key, value] : plenary::http::ParseQuery(text)) {
    if (!plenary::IsValidUtf8(key) || !plenary::IsValidUtf8(value)) {
      __builtin_trap();  // decoded parameters are always valid UTF-8
    }
  }
  auto path = plenary::http::PercentDecode(text, false);
  if (path && path->find('\0') != std::string::npos) {
    __builtin_trap();
  }
  return 0;
}
