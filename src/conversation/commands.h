#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/actor.h"
#include "conversation/codec.h"
#include "core/clock.h"
#include "process/commands.h"
#include "storage/database.h"
#include "storage/group_commit.h"

// The conversation module's use cases. Each is one transaction (a single vote: one savepoint in
// a shared commit); refusals are Status values naming what was wrong.
namespace plenary::conversation {

struct Context {
  storage::Database& db;
  const Clock& clock;
  std::shared_ptr<const process::CountryMap> countries;
  // Single votes share commits through this (nullptr: one transaction each).
  storage::GroupCommit* votes = nullptr;
  // Told, after the commit, that a conversation's votes or moderation changed (the analyst).
  std::function<void(int64_t conversation_id)> changed = nullptr;
  // The site's address ("https://plenary.example"), for citations' stable URLs ("" : relative).
  std::string base_url;
};

// kInvalidArgument for bad input, kNotFound for an unknown process.
Result<Conversation> CreateConversation(Context& ctx, const audit::Actor& actor, int64_t process_id,
                                        const nlohmann::json& body);
// Opens or closes a conversation, or changes its topic, description or rules.
Result<Conversation> ChangeConversation(Context& ctx, const audit::Actor& actor,
                                        int64_t conversation_id, const nlohmann::json& body);

// The secretariat's statements, accepted at once; `source` says where each comes from.
Result<std::vector<Statement>> SeedStatements(Context& ctx, const audit::Actor& actor,
                                              int64_t conversation_id,
                                              const std::vector<NewStatement>& seeds);

// Accepts (publishes) or rejects a statement, with a reason for a rejection. Nothing is
// deleted; a rejected statement's votes stay and the analysis zeroes its column.
Result<Statement> ModerateStatement(Context& ctx, const audit::Actor& actor,
                                    int64_t conversation_id, int64_t number,
                                    std::string_view decision, std::string_view reason);

// Who takes part: a signed-in account, or an anonymous participant known by a token that the
// server issued (kept in a cookie, or sent as X-Participant-Token).
struct Voter {
  std::optional<int64_t> user_id;
  std::string token;  // "" when the anonymous participant has none yet
  audit::Actor actor;
};

// The participant a voter is in a conversation; `issued_token` is set when a new anonymous
// participant was made and must be handed back (cookie or JSON).
struct Seat {
  Participant participant;
  std::string issued_token;
};

// Finds the voter's participant in the conversation, making one when there is none.
Result<Seat> Join(Context& ctx, int64_t conversation_id, const Voter& voter,
                  std::string_view origin);
// The voter's participant without making one (nullopt when they have not taken part).
Result<std::optional<Participant>> FindSeat(Context& ctx, int64_t conversation_id,
                                            const Voter& voter);
// Records the voter's stakeholder group and country (kInvalidArgument names a bad code).
Result<Seat> Declare(Context& ctx, int64_t conversation_id, const Voter& voter,
                     const Declaration& declaration, std::string_view origin);

// A participant's statement: accepted at once, or pending when the conversation moderates.
// kFailedPrecondition when the conversation is closed or takes no statements.
struct Submitted {
  Statement statement;
  Seat seat;
};
Result<Submitted> SubmitStatement(Context& ctx, int64_t conversation_id, const Voter& voter,
                                  const NewStatement& input, std::string_view origin);

// One participant's vote (the latest replaces an earlier one), committed durably through the
// shared commit before it returns. kNotFound: no such conversation; kFailedPrecondition: closed;
// kInvalidArgument: no such statement, or one not open for voting (pending or rejected).
Result<Seat> CastVote(Context& ctx, int64_t conversation_id, const Voter& voter, const Vote& vote,
                      std::string_view origin);

// A batch from the secretariat or an integration: every vote checked first (an unknown
// statement names the entry), then all written in one transaction, the last vote for a cell
// winning. Participant numbers not yet known are added. One audit entry per batch.
struct Ingested {
  int64_t votes = 0;         // cells written (after the batch's own duplicates)
  int64_t participants = 0;  // distinct participants in the batch
};
Result<Ingested> IngestVotes(Context& ctx, const audit::Actor& actor, int64_t conversation_id,
                             std::vector<Vote> votes);

// The hex CSRF value a form of an anonymous participant carries: derived from the token, which
// a page elsewhere cannot read.
std::string ParticipantCsrf(std::string_view token);

}  // namespace plenary::conversation
