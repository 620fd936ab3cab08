// ParseVoteLines' quote-free fast path against the general path line by line: the same records,
// or the same first error (message and line number), on any input.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/polis/vote_lines.h"
#include "formats/polis/votes_csv.h"

namespace {

using plenary::Status;
using plenary::polis::VoteRecord;
using plenary::polis::VotesCsvLayout;

// Each line through the general path, blank lines skipped as ParseVoteLines skips them.
Status LineByLine(std::string_view text, const VotesCsvLayout& layout,
                  std::vector<VoteRecord>& out) {
  int64_t line = 2;
  for (size_t pos = 0; pos < text.size(); ++line) {
    if (text[pos] == '\n' || text[pos] == '\r') {
      pos += text.substr(pos, 2) == "\r\n" ? 2 : 1;
      continue;
    }
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line_text = text.substr(pos, eol - pos);
    if (!line_text.empty() && line_text.back() == '\r') {
      line_text.remove_suffix(1);
    }
    VoteRecord record;
    Status s = plenary::polis::detail::ParseVoteLineWithMessages(line_text, layout, line, record);
    if (!s.ok()) {
      return s;
    }
    out.push_back(record);
    pos = eol + 1;
  }
  return Status::Ok();
}

}  // namespace

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
  const Status b = LineByLine(body, *layout, reference);
  if (a.ok() != b.ok() || a.message() != b.message() || (a.ok() && fast != reference)) {
    __builtin_trap();
  }
  return 0;
}
