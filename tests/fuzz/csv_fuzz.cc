#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  plenary::formats::CsvReader reader(text);
  std::vector<std::string_view> fields;
  size_t records = 0;
  while (records <= size) {
    auto more = reader.NextRecord(fields);
    if (!more || !*more) {
      break;
    }
    ++records;
    for (std::string_view f : fields) {
      // Every field written back must read as itself.
      std::string again;
      plenary::formats::AppendCsvField(f, again);
      again += '\n';
      plenary::formats::CsvReader check(again);
      std::vector<std::string_view> round;
      if (!check.NextRecord(round).value_or(false) || round.size() != 1 || round[0] != f) {
        __builtin_trap();
      }
    }
  }
  if (records > size + 1) {
    __builtin_trap();  // the reader must make progress
  }
  return 0;
}
