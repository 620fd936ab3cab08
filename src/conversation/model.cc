#include "conversation/model.h"

namespace plenary::conversation {

std::string_view Code(Moderation m) {
  return m == Moderation::kNone ? "none" : "before_publication";
}

std::optional<Moderation> ParseModeration(std::string_view code) {
  if (code == "none") {
    return Moderation::kNone;
  }
  if (code == "before_publication") {
    return Moderation::kBeforePublication;
  }
  return std::nullopt;
}

std::string_view Code(StatementStatus s) {
  switch (s) {
    case StatementStatus::kAccepted:
      return "accepted";
    case StatementStatus::kPending:
      return "pending";
    case StatementStatus::kRejected:
      return "rejected";
  }
  return "pending";
}

std::optional<StatementStatus> ParseStatementStatus(std::string_view code) {
  for (StatementStatus s :
       {StatementStatus::kAccepted, StatementStatus::kPending, StatementStatus::kRejected}) {
    if (Code(s) == code) {
      return s;
    }
  }
  return std::nullopt;
}

std::string_view Code(VoteValue v) {
  switch (v) {
    case VoteValue::kAgree:
      return "agree";
    case VoteValue::kDisagree:
      return "disagree";
    case VoteValue::kPass:
      return "pass";
  }
  return "pass";
}

std::optional<VoteValue> ParseVoteValue(std::string_view code) {
  if (code == "agree" || code == "1" || code == "+1") {
    return VoteValue::kAgree;
  }
  if (code == "disagree" || code == "-1") {
    return VoteValue::kDisagree;
  }
  if (code == "pass" || code == "0") {
    return VoteValue::kPass;
  }
  return std::nullopt;
}

}  // namespace plenary::conversation
