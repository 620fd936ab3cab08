#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Calls for contributions and the contributions they receive.
namespace plenary::consultation {

// Who may answer a call.
enum class Contributor { kMembers, kObservers, kPublic };
std::string_view Code(Contributor c);
std::optional<Contributor> ParseContributor(std::string_view code);

// Whether a contribution is public as soon as it is received, or after a moderator's look.
enum class Moderation { kNone, kBeforePublication };
std::string_view Code(Moderation m);
std::optional<Moderation> ParseModeration(std::string_view code);

enum class ContributionStatus { kPublished, kPending, kWithheld };
inline constexpr ContributionStatus kAllContributionStatuses[] = {
    ContributionStatus::kPublished, ContributionStatus::kPending, ContributionStatus::kWithheld};
std::string_view Code(ContributionStatus s);
std::optional<ContributionStatus> ParseContributionStatus(std::string_view code);

struct Question {
  int number = 0;  // 1, 2, ... within the call
  std::string text;
};

struct Call {
  int64_t id = 0;
  int64_t process_id = 0;
  std::string title;
  std::string description;  // Markdown
  std::vector<Question> questions;
  std::string opens_at;                // ISO 8601 UTC
  std::string closes_at;               // ISO 8601 UTC
  std::vector<std::string> languages;  // accepted ("" list: any)
  std::vector<Contributor> contributors;
  Moderation moderation = Moderation::kNone;
  std::string licence = "CC-BY-4.0";
  // What the record says about contributions not held here ("37 contributions were received;
  // their texts are on the WGEC website").
  std::string record_note;
  std::string created_at;
  bool Accepts(Contributor c) const;
  bool AcceptsLanguage(std::string_view code) const;
};

// Where a call stands at a moment.
enum class CallState { kScheduled, kOpen, kClosed };
std::string_view Code(CallState s);

struct Answer {
  int question = 0;
  std::string text;  // Markdown
};

struct Attachment {
  int64_t id = 0;
  std::string filename;
  std::string media_type;
  int64_t bytes = 0;
  std::string sha256;  // hex, of the original bytes
  int pages = 0;
  std::string text;     // extracted, searchable
  std::string content;  // the original bytes (only when asked for)
};

struct Contribution {
  int64_t id = 0;
  int64_t call_id = 0;
  int64_t process_id = 0;
  std::string receipt;
  std::optional<int64_t> user_id;
  std::string author_name;
  bool publish_name = true;
  std::string organisation;
  std::string stakeholder_group;  // process::StakeholderGroup code, or "" when not given
  std::string country_iso3;
  std::string language;
  bool language_detected = false;
  std::string body;  // Markdown
  std::vector<Answer> answers;
  std::vector<Attachment> attachments;
  ContributionStatus status = ContributionStatus::kPublished;
  std::string withheld_reason;
  std::string submitted_at;
  // The name as the public sees it.
  std::string PublicAuthor() const;
};

}  // namespace plenary::consultation
