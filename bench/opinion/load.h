#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/result.h"
#include "engines/opinion/conversation.h"
#include "formats/polis/votes_csv.h"

namespace plenary::bench {

struct LoadResult {
  int64_t votes = 0;   // added to the conversation
  double seconds = 0;  // read + parse + add (the matrix is built later, by ApplyVotes)
};

// Loads a votes.csv into `conversation` (in file order, as AddVote one by one would), reading
// it mapped into memory in 4 MB chunks parsed by two threads while the chunk before is added. A
// pseudo-random `hold_out_percent` of the votes (chosen by a hash of their position, so they are
// spread over all participants and comments) go to `held` instead, in file order, for
// incremental updates later. Timestamps are not read (the engine has no use for them): held
// votes have timestamp_ms = 0. Errors name the line, as ParseVotesCsv's do.
Result<LoadResult> LoadVotes(const std::filesystem::path& file, int hold_out_percent,
                             opinion::Conversation& conversation,
                             std::vector<polis::VoteRecord>& held);

// Reads moderation from a comments.csv into `conversation` (optional: Ok when the file is absent).
Status LoadModeration(const std::filesystem::path& file, opinion::Conversation& conversation);

// A Polis export folder's votes.csv (LoadVotes) and comments.csv's moderation (LoadModeration),
// as every opinion bench tool starts.
Result<LoadResult> LoadConversation(const std::filesystem::path& dir, int hold_out_percent,
                                    opinion::Conversation& conversation,
                                    std::vector<polis::VoteRecord>& held);

// The hash that picks the held-out votes: vote number `position` (0-based, in file order) is
// held out when HoldOutHash(position) % 100 < hold_out_percent.
uint64_t HoldOutHash(uint64_t position);

}  // namespace plenary::bench
