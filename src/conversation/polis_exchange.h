#pragma once

#include <optional>
#include <string>
#include <vector>

#include "conversation/commands.h"
#include "formats/polis/comments_csv.h"
#include "formats/polis/participants_votes_csv.h"
#include "formats/polis/votes_csv.h"

// Conversations to and from Polis's export formats (votes.csv, comments.csv,
// participants-votes.csv), so they move between Polis and Plenary.
namespace plenary::conversation {

struct PolisExport {
  std::vector<polis::VoteRecord> votes;  // may be empty when `participants` carries the votes
  std::vector<polis::CommentRecord> comments;
  std::optional<polis::ParticipantVotesTable> participants;
};

struct Imported {
  int64_t conversation_id = 0;
  int64_t statements = 0;
  int64_t participants = 0;
  int64_t votes = 0;
};

// Creates a closed conversation in `process_id` holding the export: statements keep Polis's
// comment ids (moderated -1 becomes rejected), participants keep their ids and the export's
// group-id, votes keep their time (the latest per cell wins). One transaction.
Result<Imported> ImportPolis(Context& ctx, const audit::Actor& actor, int64_t process_id,
                             const std::string& topic, const PolisExport& in);

// The conversation in Polis's formats: every vote with its time, every statement with its
// counts and moderation, and the participant-by-statement table (group-id from an import).
Result<PolisExport> ExportPolis(Context& ctx, int64_t conversation_id);

}  // namespace plenary::conversation
