#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "formats/json_line.h"

// ParseJsonLine (simdjson, falling back to nlohmann) must read every input as nlohmann does.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  const nlohmann::json expected = nlohmann::json::parse(line, nullptr, false);
  const nlohmann::json got = plenary::formats::ParseJsonLine(line);
  if (got.is_discarded() != expected.is_discarded() ||
      (!expected.is_discarded() && got.dump() != expected.dump())) {
    __builtin_trap();
  }
  return 0;
}
