#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conversation/analyst.h"
#include "conversation/commands.h"

// The conversation module's reads.
namespace plenary::conversation {

Result<Conversation> ReadConversation(Context& ctx, int64_t id);
Result<std::vector<Conversation>> ReadConversations(Context& ctx, int64_t process_id);
// The process a conversation belongs to (the gate's scope); kNotFound naming it.
Result<int64_t> ProcessOfConversation(Context& ctx, int64_t id);

// Statements with their vote counts. The public sees accepted ones; `moderator` sees all.
struct StatementList {
  std::vector<Statement> items;
  int64_t pending = 0;
  int64_t rejected = 0;
};
Result<StatementList> ReadStatements(Context& ctx, int64_t conversation_id, bool moderator);

// What a participant is shown next: an accepted statement they have not voted on, drawn by the
// comment-routing priority of the latest snapshot (Polis's weighted lottery; statements the
// analysis has not seen yet weigh as unvoted ones), or, before any analysis, the least-voted
// first. nullopt when they have voted on everything.
struct Next {
  std::optional<Statement> statement;
  int64_t voted = 0;      // by this participant
  int64_t remaining = 0;  // accepted statements left to them
};
Result<Next> NextStatement(Context& ctx, int64_t conversation_id,
                           std::optional<int64_t> participant);

// A snapshot's results, as the API serves them: `grouping` "" (the opinion groups),
// "stakeholder_group" or "polis" (kInvalidArgument naming 'groups' otherwise, or when the
// conversation has no such data).
struct Results {
  Conversation conversation;
  std::string process_title;
  store::Snapshot snapshot;
  bool stale = false;
  nlohmann::json body;  // the snapshot with the chosen grouping, citation and links
};
Result<std::optional<Results>> ReadLatestResults(Context& ctx, Analyst& analyst,
                                                 int64_t conversation_id,
                                                 std::string_view grouping);
Result<Results> ReadSnapshotResults(Context& ctx, int64_t conversation_id, int64_t number,
                                    std::string_view grouping);

// Every snapshot of the conversation, newest first (results not loaded).
Result<std::vector<store::Snapshot>> ReadSnapshots(Context& ctx, int64_t conversation_id);

// "Opinion map of <topic>, <process>, snapshot N of <date>, P participants, V votes, <url>".
std::string Citation(std::string_view topic, std::string_view process_title,
                     const store::Snapshot& s, std::string_view url);

}  // namespace plenary::conversation
