#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace plenary::polis {

// A cell of participants-votes.csv with no vote.
inline constexpr int8_t kNoVote = INT8_MIN;

// One row of participants-votes.csv: Polis's group at export time (blank for participants
// outside the in-conversation set), the counts, and the final vote per comment column.
struct ParticipantVotesRow {
  int64_t participant = 0;
  std::string xid;
  std::optional<int64_t> group_id;
  int64_t n_comments = 0;
  int64_t n_votes = 0;
  int64_t n_agree = 0;
  int64_t n_disagree = 0;
  std::vector<int8_t> votes;  // one per comment column: +1, -1, 0 or kNoVote

  friend bool operator==(const ParticipantVotesRow&, const ParticipantVotesRow&) = default;
};

struct ParticipantVotesTable {
  bool has_xid = false;
  std::vector<int64_t> comment_ids;  // the comment columns, in file order
  std::vector<ParticipantVotesRow> rows;

  friend bool operator==(const ParticipantVotesTable&, const ParticipantVotesTable&) = default;
};

// Parses participants-votes.csv. Every header that is an integer is a comment column.
Result<ParticipantVotesTable> ParseParticipantsVotesCsv(std::string_view text);

std::string WriteParticipantsVotesCsv(const ParticipantVotesTable& table);

}  // namespace plenary::polis
