// An in-memory search index's snapshot (engines/search/index.h), as read back from a file at a
// server's start: whatever the bytes, FromSnapshot refuses them or gives an index that can be
// searched and added to without reading out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engines/search/index.h"
#include "engines/search/ranking.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace plenary::search;
  auto index = Index::FromSnapshot(std::string_view(reinterpret_cast<const char*>(data), size));
  if (index) {
    Search(*index, {{{"a"}, {"b", "c"}}, {{"f"}}}, 10);
    Search(*index, {{{"a"}}, {}}, 3);
    (void)index->Add(index->max_id() + 1, "a b", "f");
  }
  return 0;
}
