#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "formats/polis/votes_csv.h"

// The quote-free fast path of ParseVoteLines (votes_csv.h), private to formats/polis.
namespace plenary::polis::detail {

// Parses data lines that hold no '"' and appends them to `out`, as ParseVoteLines does. Lines it
// cannot take fast (errors included) go to ParseVoteLineWithMessages.
Status ParseUnquotedVoteLines(std::string_view text, const VotesCsvLayout& layout,
                              int64_t first_line, std::vector<VoteRecord>& out);

// The general path for one line (without its line end): fields split at commas, each checked,
// errors naming line and column. Defined in votes_csv.cc.
Status ParseVoteLineWithMessages(std::string_view line_text, const VotesCsvLayout& layout,
                                 int64_t line, VoteRecord& record);

// The reference for the fast path (its test and fuzz target): every line of `text` through
// ParseVoteLineWithMessages, blank lines skipped as ParseVoteLines skips them, stopping at the
// first error. Slow; not for reading files.
Status ParseVoteLinesOneByOne(std::string_view text, const VotesCsvLayout& layout,
                              int64_t first_line, std::vector<VoteRecord>& out);

}  // namespace plenary::polis::detail
