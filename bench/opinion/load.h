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
  double seconds = 0;  // read + parse + add
};

// Streams a votes.csv into `conversation` in 64 MB blocks, parsing each block on two threads.
// A pseudo-random `hold_out_percent` of the votes (chosen by a hash of their position, so they
// are spread over all participants and comments) go to `held` instead, in file order, for
// incremental updates later.
Result<LoadResult> LoadVotes(const std::filesystem::path& file, int hold_out_percent,
                             opinion::Conversation& conversation,
                             std::vector<polis::VoteRecord>& held);

}  // namespace plenary::bench
