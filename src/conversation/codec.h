#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conversation/model.h"
#include "core/result.h"

// JSON input of conversations, statements, declarations and votes, validated with errors that
// name the field; and JSON output.
namespace plenary::conversation {

inline constexpr size_t kMaxTopicBytes = 300;
inline constexpr size_t kMaxDescriptionBytes = 10'000;
inline constexpr size_t kMaxStatementBytes = 1'000;
inline constexpr size_t kMaxSourceBytes = 1'000;
inline constexpr size_t kMaxReasonBytes = 500;
inline constexpr size_t kMaxBatchVotes = 200'000;

// A new conversation: topic (required), description, open (true), moderation ("none" or
// "before_publication": participants' statements wait for a moderator), participant_statements
// (true: participants may submit statements).
Result<Conversation> ConversationFromJson(const nlohmann::json& body);

// A change: any of topic, description, open, moderation, participant_statements.
struct ConversationChange {
  std::optional<std::string> topic;
  std::optional<std::string> description;
  std::optional<bool> open;
  std::optional<Moderation> moderation;
  std::optional<bool> participant_statements;
};
Result<ConversationChange> ChangeFromJson(const nlohmann::json& body);
void Apply(const ConversationChange& change, Conversation& c);

struct NewStatement {
  std::string text;
  std::string source;  // seeds only
  bool is_meta = false;
};
// {"text", "source", "meta"}; `field` prefixes error messages ("statements[2].").
Result<NewStatement> StatementFromJson(const nlohmann::json& body, std::string_view field = "");
// {"statements": [...]} or one statement object.
Result<std::vector<NewStatement>> SeedsFromJson(const nlohmann::json& body);

// What a participant declares about themselves (both optional).
struct Declaration {
  std::string stakeholder_group;  // a process::StakeholderGroup code, checked here
  std::string country;            // ISO alpha-3, alpha-2 or M49 code as given
};
Result<Declaration> DeclarationFromJson(const nlohmann::json& body);
Result<Declaration> DeclarationFromFields(std::string_view group, std::string_view country);

// One participant's vote: {"statement": 3, "vote": "agree"} (vote also 1, -1, 0).
Result<Vote> VoteFromJson(const nlohmann::json& body);
// A batch: [{"participant": 12, "statement": 3, "vote": "agree"}, ...]; errors name the entry
// ("votes[4].vote: ...").
Result<std::vector<Vote>> BatchFromJson(const nlohmann::json& body);

nlohmann::json ToJson(const Conversation& c);
// A rejected statement carries its reason; the author (a participant number) is never shown.
nlohmann::json ToJson(const Statement& s);

}  // namespace plenary::conversation
