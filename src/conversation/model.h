#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Opinion conversations (Polis's "conversation"): statements, participants and their votes.
namespace plenary::conversation {

// Whether participants' statements are shown for voting at once, or after a moderator's look.
enum class Moderation { kNone, kBeforePublication };
std::string_view Code(Moderation m);
std::optional<Moderation> ParseModeration(std::string_view code);

enum class StatementStatus { kAccepted, kPending, kRejected };
std::string_view Code(StatementStatus s);
std::optional<StatementStatus> ParseStatementStatus(std::string_view code);

// A vote in Polis's export sign: agree = +1, disagree = -1, pass = 0.
enum class VoteValue : int8_t { kDisagree = -1, kPass = 0, kAgree = 1 };
std::string_view Code(VoteValue v);
// "agree", "disagree", "pass" (or "1", "-1", "0").
std::optional<VoteValue> ParseVoteValue(std::string_view code);

struct Conversation {
  int64_t id = 0;
  int64_t process_id = 0;
  std::string topic;
  std::string description;  // plain text
  bool open = true;
  Moderation moderation = Moderation::kNone;
  bool participant_statements = true;  // participants may submit statements
  std::string origin;                  // "" or where an import came from
  int64_t revision = 0;                // changes with every write of votes or moderation
  std::string created_at;
};

// A statement, numbered within its conversation (Polis's comment id, "tid").
struct Statement {
  int64_t conversation_id = 0;
  int64_t number = 0;
  std::string text;
  std::string source;             // seeded: where it comes from (a proposal, a URL)
  std::optional<int64_t> author;  // participant number; none when seeded
  bool seeded = false;
  bool is_meta = false;  // about the conversation itself: never represents a group
  StatementStatus status = StatementStatus::kAccepted;
  std::string reason;  // the moderator's, when rejected
  std::string created_at;
  int64_t agree = 0, disagree = 0, pass = 0;  // filled by reads that count votes
};

// A participant, numbered within its conversation (Polis's "pid").
struct Participant {
  int64_t conversation_id = 0;
  int64_t number = 0;
  std::optional<int64_t> user_id;
  std::string stakeholder_group;  // process::StakeholderGroup code or ""
  std::string country_iso3;       // or ""
  std::optional<int64_t> polis_group;
  std::string origin;  // web, api, batch, polis
};

struct Vote {
  int64_t participant = 0;
  int64_t statement = 0;
  VoteValue value = VoteValue::kPass;
  int64_t at_ms = 0;  // when it was cast (ms since the epoch); 0: when it is stored
};

}  // namespace plenary::conversation
