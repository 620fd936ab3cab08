// ParseVoteLines' quote-free fast path against the general path line by line: the same records,
// or the same first error (message and line number), on any input.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/polis/vote_lines.h"
#include "formats/polis/votes_csv.h"

using plenary::Status;
using plenary::polis::VoteRecord;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)plenary::polis::ParseVotesCsv(text);  // must not crash, quotes or not
  if (text.find('"') != std::string_view::npos) {
    return 0;  // the general CSV reader's own territory
  }
  const size_t eol = text.find('\n');
  auto layout = plenary::polis::ParseVotesHeader(text.substr(0, eol));
  if (!layout || eol == std::string_view::npos) {
    return 0;
  }
  const std::string_view body = text.substr(eol + 1);
  std::vector<VoteRecord> fast, reference;
  const Status a = plenary::polis::ParseVoteLines(body, *layout, 2, fast);
  const Status b = plenary::polis::detail::ParseVoteLinesOneByOne(body, *layout, 2, reference);
  if (a.ok() != b.ok() || a.message() != b.message() || (a.ok() && fast != reference)) {
    __builtin_trap();
  }
  return 0;
}
