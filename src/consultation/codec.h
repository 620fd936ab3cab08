#pragma once

#include <nlohmann/json.hpp>

#include "consultation/model.h"
#include "core/result.h"
#include "http/form.h"

// JSON and form input of calls and contributions, validated with errors that name the field;
// and their JSON output.
namespace plenary::consultation {

// A new call: title, questions (strings), opens_at and closes_at (ISO 8601 with a UTC offset,
// stored as UTC), languages, contributors, moderation, licence, description, record_note.
Result<Call> CallFromJson(const nlohmann::json& body);
nlohmann::json ToJson(const Call& call, CallState state);

// An attachment as received: the file's name and its bytes.
struct NewFile {
  std::string filename;
  std::string bytes;
};

// A contribution as received, before the server adds language detection and the receipt.
struct NewContribution {
  std::string author_name;
  bool publish_name = true;
  std::string organisation;
  std::string stakeholder_group;
  std::string country;  // ISO alpha-3, alpha-2 or M49 code as given
  std::string language;
  std::string body;
  std::vector<Answer> answers;
  std::vector<NewFile> files;
};

inline constexpr size_t kMaxBodyBytes = 100 * 1024;
inline constexpr size_t kMaxFiles = 5;

// From JSON: attachments as [{"filename", "content_base64"}]; answers as {"1": "text", ...} or
// [{"question": 1, "text": "..."}].
Result<NewContribution> ContributionFromJson(const nlohmann::json& body);
// From the web form: fields author_name, publish_name, organisation, stakeholder_group,
// country, language, body, answer_N; files in "attachments".
Result<NewContribution> ContributionFromForm(const http::Form& form);

// The public view: the author's name only when they chose to publish it; attachments without
// their bytes or text (links instead).
nlohmann::json ToJson(const Contribution& c);

}  // namespace plenary::consultation
