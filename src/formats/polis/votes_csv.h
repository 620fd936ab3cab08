#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace plenary::polis {

// One row of a Polis votes.csv: agree = +1, disagree = -1, pass = 0 (the export's sign).
struct VoteRecord {
  int64_t timestamp_ms = 0;  // 0 when the file has no timestamp column
  int64_t comment_id = 0;
  int64_t voter_id = 0;
  int8_t vote = 0;

  friend bool operator==(const VoteRecord&, const VoteRecord&) = default;
};

// Where the columns of a votes.csv are, read from its header.
struct VotesCsvLayout {
  size_t columns = 0;
  int timestamp = -1;  // optional; a caller may set -1 to leave it unread (timestamp_ms = 0)
  int comment = -1;
  int voter = -1;
  int vote = -1;
};

// Reads the header record of a votes.csv (comment-id, voter-id and vote are required).
Result<VotesCsvLayout> ParseVotesHeader(std::string_view header_line);

// Parses data records (no header) and appends them to `out`. `first_line` is the line number of
// the first record, for error messages ("line 17, column 5 (vote): ..."). Quote-free text takes
// a fast path; quoted fields are handled by the general CSV reader.
Status ParseVoteLines(std::string_view text, const VotesCsvLayout& layout, int64_t first_line,
                      std::vector<VoteRecord>& out);

// Parses a whole votes.csv, header included. Rows stay in file order.
Result<std::vector<VoteRecord>> ParseVotesCsv(std::string_view text);

// Writes "timestamp,datetime,comment-id,voter-id,vote" rows; datetime is rendered in UTC.
std::string WriteVotesCsv(std::span<const VoteRecord> votes);
void AppendVoteLine(const VoteRecord& vote, std::string& out);

// "Wed Jun 18 08:16:54 UTC 2014", the export's datetime style, in UTC.
std::string FormatPolisDatetime(int64_t timestamp_ms);

}  // namespace plenary::polis
