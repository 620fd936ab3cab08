#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  plenary::formats::CsvReader reader(text);
  std::vector<std::string> fields;
  size_t records = 0;
  while (records <= size) {
    auto more = reader.Next(fields);
    if (!more || !*more) {
      break;
    }
    ++records;
    for (const std::string& f : fields) {
      // Every field written back must read as itself.
      std::string again = plenary::formats::CsvField(f) + "\n";
      plenary::formats::CsvReader check(again);
      std::vector<std::string> round;
      if (!check.Next(round).value_or(false) || round.size() != 1 || round[0] != f) {
        __builtin_trap();
      }
    }
  }
  if (records > size + 1) {
    __builtin_trap();  // the reader must make progress
  }
  return 0;
}
