#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "conversation/model.h"
#include "storage/database.h"

// The conversation module's only SQL.
namespace plenary::conversation::store {

using storage::Connection;

Result<int64_t> InsertConversation(Connection& db, const Conversation& c, std::string_view now);
Result<std::optional<Conversation>> FindConversation(Connection& db, int64_t id);
Result<std::vector<Conversation>> ConversationsOf(Connection& db, int64_t process_id);
Result<std::optional<int64_t>> ProcessOfConversation(Connection& db, int64_t id);
Status UpdateConversation(Connection& db, const Conversation& c);
// Marks that votes or moderation changed (the analysis compares revisions).
Status BumpRevision(Connection& db, int64_t conversation_id);
// Conversations whose latest snapshot is older than their revision (or that have none).
Result<std::vector<int64_t>> ConversationsToAnalyse(Connection& db);

// Adds a statement with the next free number (or `number` when given, as an import keeps
// Polis's ids); returns its number.
Result<int64_t> InsertStatement(Connection& db, const Statement& s, std::optional<int64_t> number);
Result<std::optional<Statement>> FindStatement(Connection& db, int64_t conversation_id,
                                               int64_t number);
// Every statement, by number; with vote counts when `counted`.
Result<std::vector<Statement>> StatementsOf(Connection& db, int64_t conversation_id, bool counted);
Status SetStatementStatus(Connection& db, int64_t conversation_id, int64_t number,
                          StatementStatus status, std::string_view reason, int64_t moderator,
                          std::string_view now);

// Participants. A new one gets the next free number (or `number`).
Result<int64_t> InsertParticipant(Connection& db, const Participant& p, std::string_view token_hash,
                                  std::string_view now,
                                  std::optional<int64_t> number = std::nullopt);
Result<std::optional<Participant>> FindParticipantByUser(Connection& db, int64_t conversation_id,
                                                         int64_t user_id);
Result<std::optional<Participant>> FindParticipantByToken(Connection& db, int64_t conversation_id,
                                                          std::string_view token_hash);
Result<std::optional<Participant>> FindParticipant(Connection& db, int64_t conversation_id,
                                                   int64_t number);
Status SetDeclaration(Connection& db, int64_t conversation_id, int64_t number,
                      std::string_view stakeholder_group, std::string_view country_iso3);
// Adds the numbers not yet known as participants of `origin` (a batch names its own).
Status EnsureParticipants(Connection& db, int64_t conversation_id, std::span<const int64_t> numbers,
                          std::string_view origin, std::string_view now);
Result<std::vector<Participant>> ParticipantsOf(Connection& db, int64_t conversation_id);
// Privacy: an account's participations, and unlinking them from it (the votes and
// declarations stay, anonymous, as any anonymous participant's). Unlink returns how many.
Result<std::vector<Participant>> ParticipationsOf(Connection& db, int64_t user_id);
Result<int64_t> UnlinkParticipations(Connection& db, int64_t user_id);

// Votes: the latest replaces the cell. `voted_at_ms` stamps the rows of votes without at_ms.
Status UpsertVotes(Connection& db, int64_t conversation_id, std::span<const Vote> votes,
                   int64_t voted_at_ms);
// The participant's votes, by statement number.
Result<std::vector<std::pair<int64_t, VoteValue>>> VotesOf(Connection& db, int64_t conversation_id,
                                                           int64_t participant);
struct StoredVote {
  int64_t participant = 0;
  int64_t statement = 0;
  int8_t value = 0;
  int64_t voted_at_ms = 0;
};
// Calls `each` with every vote of the conversation, in (participant, statement) order, read in
// pages so that memory stays bounded.
Status ScanVotes(Connection& db, int64_t conversation_id,
                 const std::function<void(std::span<const StoredVote>)>& each);
struct Totals {
  int64_t votes = 0;
  int64_t participants = 0;  // with at least one vote
};
Result<Totals> CountVotes(Connection& db, int64_t conversation_id);
// The number of votes, counting no further than `limit` (cheap on a large conversation).
Result<int64_t> CountVotesUpTo(Connection& db, int64_t conversation_id, int64_t limit);

// Snapshots: immutable analysis results, numbered within the conversation.
struct Snapshot {
  int64_t conversation_id = 0;
  int64_t number = 0;
  int64_t revision = 0;
  int64_t participants = 0;
  int64_t votes = 0;
  std::string result;  // JSON
  std::string created_at;
};
Result<int64_t> InsertSnapshot(Connection& db, const Snapshot& s);
Result<std::optional<Snapshot>> LatestSnapshot(Connection& db, int64_t conversation_id);
Result<std::optional<Snapshot>> FindSnapshot(Connection& db, int64_t conversation_id,
                                             int64_t number);
// Numbers, dates and sizes of every snapshot, newest first (results not loaded).
Result<std::vector<Snapshot>> SnapshotsOf(Connection& db, int64_t conversation_id);

}  // namespace plenary::conversation::store
