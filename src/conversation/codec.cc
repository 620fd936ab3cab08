#include "conversation/codec.h"

#include <fmt/format.h>

#include "process/model.h"

namespace plenary::conversation {
namespace {

using nlohmann::json;

// The string at `key`, "" when absent; kInvalidArgument when it is not a string or too long.
Result<std::string> Text(const json& body, std::string_view key, size_t max_bytes,
                         std::string_view prefix = "") {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    return std::string();
  }
  if (!it->is_string()) {
    return Error(InvalidArgument(fmt::format("'{}{}' must be a string", prefix, key)));
  }
  std::string text = it->get<std::string>();
  if (text.size() > max_bytes) {
    return Error(
        InvalidArgument(fmt::format("'{}{}' is longer than {} bytes", prefix, key, max_bytes)));
  }
  return text;
}

Result<std::optional<bool>> Flag(const json& body, std::string_view key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    return std::optional<bool>();
  }
  if (!it->is_boolean()) {
    return Error(InvalidArgument(fmt::format("'{}' must be true or false", key)));
  }
  return std::optional<bool>(it->get<bool>());
}

std::string Trimmed(std::string text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  size_t end = text.find_last_not_of(" \t\r\n");
  return start == std::string::npos ? std::string() : text.substr(start, end - start + 1);
}

// A non-negative integer at `key` (a JSON integer, or its text).
Result<int64_t> Number(const json& body, std::string_view key, std::string_view prefix) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    return Error(InvalidArgument(fmt::format("'{}{}' is required", prefix, key)));
  }
  if (it->is_number_integer() && it->get<int64_t>() >= 0) {
    return it->get<int64_t>();
  }
  return Error(InvalidArgument(
      fmt::format("'{}{}' must be a statement or participant number (a whole number >= 0), not {}",
                  prefix, key, it->dump())));
}

Result<VoteValue> ValueOf(const json& body, std::string_view prefix) {
  auto it = body.find("vote");
  if (it == body.end() || it->is_null()) {
    return Error(InvalidArgument(fmt::format("'{}vote' is required", prefix)));
  }
  std::optional<VoteValue> value;
  if (it->is_string()) {
    value = ParseVoteValue(it->get<std::string>());
  } else if (it->is_number_integer()) {
    value = ParseVoteValue(std::to_string(it->get<int64_t>()));
  }
  if (!value) {
    return Error(InvalidArgument(fmt::format(
        "'{}vote' must be agree, disagree or pass (or 1, -1, 0), not {}", prefix, it->dump())));
  }
  return *value;
}

Result<Moderation> ModerationOf(const json& body) {
  ASSIGN_OR_RETURN(std::string code, Text(body, "moderation", 100));
  auto m = ParseModeration(code.empty() ? "none" : code);
  if (!m) {
    return Error(InvalidArgument(
        fmt::format("'moderation' must be none or before_publication, not '{}'", code)));
  }
  return *m;
}

}  // namespace

Result<Conversation> ConversationFromJson(const json& body) {
  Conversation c;
  ASSIGN_OR_RETURN(c.topic, Text(body, "topic", kMaxTopicBytes));
  c.topic = Trimmed(c.topic);
  if (c.topic.empty()) {
    return Error(InvalidArgument("'topic' is required: what the conversation is about"));
  }
  ASSIGN_OR_RETURN(c.description, Text(body, "description", kMaxDescriptionBytes));
  ASSIGN_OR_RETURN(auto open, Flag(body, "open"));
  c.open = open.value_or(true);
  ASSIGN_OR_RETURN(c.moderation, ModerationOf(body));
  ASSIGN_OR_RETURN(auto statements, Flag(body, "participant_statements"));
  c.participant_statements = statements.value_or(true);
  return c;
}

Result<ConversationChange> ChangeFromJson(const json& body) {
  ConversationChange change;
  if (body.contains("topic")) {
    ASSIGN_OR_RETURN(std::string topic, Text(body, "topic", kMaxTopicBytes));
    if (Trimmed(topic).empty()) {
      return Error(InvalidArgument("'topic' cannot be empty"));
    }
    change.topic = Trimmed(topic);
  }
  if (body.contains("description")) {
    ASSIGN_OR_RETURN(change.description, Text(body, "description", kMaxDescriptionBytes));
  }
  ASSIGN_OR_RETURN(change.open, Flag(body, "open"));
  if (body.contains("moderation")) {
    ASSIGN_OR_RETURN(change.moderation, ModerationOf(body));
  }
  ASSIGN_OR_RETURN(change.participant_statements, Flag(body, "participant_statements"));
  return change;
}

void Apply(const ConversationChange& change, Conversation& c) {
  c.topic = change.topic.value_or(c.topic);
  c.description = change.description.value_or(c.description);
  c.open = change.open.value_or(c.open);
  c.moderation = change.moderation.value_or(c.moderation);
  c.participant_statements = change.participant_statements.value_or(c.participant_statements);
}

Result<NewStatement> StatementFromJson(const json& body, std::string_view field) {
  if (!body.is_object()) {
    return Error(InvalidArgument(
        fmt::format("'{}' must be an object with a 'text'", field.empty() ? "statement" : field)));
  }
  std::string prefix = field.empty() ? "" : std::string(field) + ".";
  NewStatement s;
  ASSIGN_OR_RETURN(s.text, Text(body, "text", kMaxStatementBytes, prefix));
  s.text = Trimmed(s.text);
  if (s.text.empty()) {
    return Error(InvalidArgument(fmt::format("'{}text' is required: the statement", prefix)));
  }
  ASSIGN_OR_RETURN(s.source, Text(body, "source", kMaxSourceBytes, prefix));
  auto meta = body.find("meta");
  if (meta != body.end() && !meta->is_null()) {
    if (!meta->is_boolean()) {
      return Error(InvalidArgument(fmt::format("'{}meta' must be true or false", prefix)));
    }
    s.is_meta = meta->get<bool>();
  }
  return s;
}

Result<std::vector<NewStatement>> SeedsFromJson(const json& body) {
  std::vector<NewStatement> out;
  auto list = body.find("statements");
  if (list == body.end()) {
    ASSIGN_OR_RETURN(NewStatement s, StatementFromJson(body));
    out.push_back(std::move(s));
    return out;
  }
  if (!list->is_array() || list->empty()) {
    return Error(
        InvalidArgument("'statements' must be a non-empty array of {\"text\", \"source\"}"));
  }
  for (size_t i = 0; i < list->size(); ++i) {
    ASSIGN_OR_RETURN(NewStatement s,
                     StatementFromJson((*list)[i], fmt::format("statements[{}]", i)));
    out.push_back(std::move(s));
  }
  return out;
}

Result<Declaration> DeclarationFromFields(std::string_view group, std::string_view country) {
  if (!group.empty() && !process::ParseStakeholderGroup(group)) {
    return Error(InvalidArgument(
        fmt::format("'stakeholder_group' must be one of government, private_sector, civil_society, "
                    "technical_community, academic_community, intergovernmental, not '{}'",
                    group)));
  }
  if (country.size() > 10) {
    return Error(InvalidArgument("'country' must be an ISO 3166 or M49 code"));
  }
  return Declaration{std::string(group), std::string(country)};
}

Result<Declaration> DeclarationFromJson(const json& body) {
  ASSIGN_OR_RETURN(std::string group, Text(body, "stakeholder_group", 100));
  ASSIGN_OR_RETURN(std::string country, Text(body, "country", 100));
  return DeclarationFromFields(group, country);
}

Result<Vote> VoteFromJson(const json& body) {
  Vote v;
  ASSIGN_OR_RETURN(v.statement, Number(body, "statement", ""));
  ASSIGN_OR_RETURN(v.value, ValueOf(body, ""));
  return v;
}

Result<std::vector<Vote>> BatchFromJson(const json& body) {
  const json* list = &body;
  if (body.is_object() && body.contains("votes")) {
    list = &body["votes"];
  }
  if (!list->is_array()) {
    return Error(InvalidArgument(
        "a batch is a JSON array of {\"participant\", \"statement\", \"vote\"} (or {\"votes\": "
        "[...]})"));
  }
  if (list->size() > kMaxBatchVotes) {
    return Error(InvalidArgument(fmt::format("a batch holds at most {} votes; this one has {}",
                                             kMaxBatchVotes, list->size())));
  }
  std::vector<Vote> out;
  out.reserve(list->size());
  for (size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    std::string prefix = fmt::format("votes[{}].", i);
    if (!item.is_object()) {
      return Error(InvalidArgument(fmt::format("'votes[{}]' must be an object", i)));
    }
    Vote v;
    ASSIGN_OR_RETURN(v.participant, Number(item, "participant", prefix));
    ASSIGN_OR_RETURN(v.statement, Number(item, "statement", prefix));
    ASSIGN_OR_RETURN(v.value, ValueOf(item, prefix));
    out.push_back(v);
  }
  return out;
}

json ToJson(const Conversation& c) {
  return {{"id", c.id},
          {"process_id", c.process_id},
          {"topic", c.topic},
          {"description", c.description},
          {"open", c.open},
          {"moderation", Code(c.moderation)},
          {"participant_statements", c.participant_statements},
          {"origin", c.origin},
          {"revision", c.revision},
          {"created_at", c.created_at},
          {"url", fmt::format("/conversations/{}", c.id)},
          {"results_url", fmt::format("/conversations/{}/results", c.id)}};
}

json ToJson(const Statement& s) {
  json out = {{"number", s.number},         {"text", s.text},
              {"source", s.source},         {"seeded", s.seeded},
              {"meta", s.is_meta},          {"status", Code(s.status)},
              {"created_at", s.created_at}, {"agree", s.agree},
              {"disagree", s.disagree},     {"pass", s.pass}};
  if (s.status == StatementStatus::kRejected) {
    out["reason"] = s.reason;
  }
  return out;
}

}  // namespace plenary::conversation
