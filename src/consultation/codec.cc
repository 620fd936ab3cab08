#include "consultation/codec.h"

#include <charconv>

#include <fmt/format.h>

#include "core/clock.h"
#include "core/encoding.h"
#include "core/text.h"
#include "http/json_fields.h"

namespace plenary::consultation {
namespace {

using http::CheckKnownFields;
using http::ReadText;
using nlohmann::json;

// "2016-09-30T00:00:00Z" or with an offset ("...+02:00"): stored as UTC.
Status ReadTime(const json& body, std::string_view field, std::string& out) {
  std::string text;
  RETURN_IF_ERROR(ReadText(body, field, text, 40));
  if (text.empty()) {
    return InvalidArgument(fmt::format("'{}' is required (ISO 8601 with a UTC offset)", field));
  }
  auto parsed = ParseIso8601(text);
  if (!parsed) {
    return InvalidArgument(fmt::format(
        "'{}' must be a time as ISO 8601 with a UTC offset (2016-09-30T00:00:00Z), not '{}'", field,
        text));
  }
  out = FormatIso8601(*parsed);
  return Status::Ok();
}

Result<std::vector<std::string>> ReadStrings(const json& body, std::string_view field) {
  std::vector<std::string> out;
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    return out;
  }
  if (!it->is_array()) {
    return Error(InvalidArgument(fmt::format("'{}' must be an array of strings", field)));
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    if (!v.is_string() || !IsValidUtf8(v.get<std::string>()) ||
        Trim(v.get<std::string>()).empty()) {
      return Error(InvalidArgument(fmt::format("{}[{}] must be a non-empty string", field, i)));
    }
    out.emplace_back(Trim(v.get<std::string>()));
  }
  return out;
}

bool IsLanguageCode(std::string_view code) {
  return code.size() >= 2 && code.size() <= 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

Status CheckLanguage(std::string_view field, std::string_view code) {
  if (!code.empty() && !IsLanguageCode(code)) {
    return InvalidArgument(fmt::format(
        "'{}' must be an ISO 639-1 code such as en, fr, es, ru, zh or ar, not '{}'", field, code));
  }
  return Status::Ok();
}

Result<int> QuestionNumber(std::string_view text, std::string_view field) {
  int n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || ptr != text.data() + text.size() || n < 1 || n > 100) {
    return Error(
        InvalidArgument(fmt::format("'{}' must name a question number, not '{}'", field, text)));
  }
  return n;
}

Status AddAnswer(std::vector<Answer>& answers, int question, std::string text,
                 std::string_view field) {
  if (!IsValidUtf8(text)) {
    return InvalidArgument(fmt::format("'{}' is not valid UTF-8", field));
  }
  if (text.size() > kMaxBodyBytes) {
    return InvalidArgument(fmt::format("'{}' is longer than {} bytes", field, kMaxBodyBytes));
  }
  std::string trimmed(Trim(text));
  if (!trimmed.empty()) {
    answers.push_back({question, std::move(trimmed)});
  }
  return Status::Ok();
}

Status ReadAnswers(const json& body, std::vector<Answer>& out) {
  auto it = body.find("answers");
  if (it == body.end() || it->is_null()) {
    return Status::Ok();
  }
  if (it->is_object()) {
    for (const auto& [key, value] : it->items()) {
      std::string field = fmt::format("answers.{}", key);
      ASSIGN_OR_RETURN(int n, QuestionNumber(key, field));
      if (!value.is_string()) {
        return InvalidArgument(fmt::format("'{}' must be a string", field));
      }
      RETURN_IF_ERROR(AddAnswer(out, n, value.get<std::string>(), field));
    }
    return Status::Ok();
  }
  if (!it->is_array()) {
    return InvalidArgument("'answers' must be an object {\"1\": \"text\"} or an array");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& item = (*it)[i];
    std::string field = fmt::format("answers[{}]", i);
    if (!item.is_object() || !item.contains("question") || !item["question"].is_number_integer() ||
        !item.contains("text") || !item["text"].is_string()) {
      return InvalidArgument(
          fmt::format("'{}' must be {{\"question\": N, \"text\": \"...\"}}", field));
    }
    RETURN_IF_ERROR(
        AddAnswer(out, item["question"].get<int>(), item["text"].get<std::string>(), field));
  }
  return Status::Ok();
}

Status ReadFiles(const json& body, std::vector<NewFile>& out) {
  auto it = body.find("attachments");
  if (it == body.end() || it->is_null()) {
    return Status::Ok();
  }
  if (!it->is_array()) {
    return InvalidArgument("'attachments' must be an array of {\"filename\", \"content_base64\"}");
  }
  if (it->size() > kMaxFiles) {
    return InvalidArgument(fmt::format("at most {} attachments", kMaxFiles));
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& item = (*it)[i];
    std::string field = fmt::format("attachments[{}]", i);
    if (!item.is_object() || !item.contains("filename") || !item["filename"].is_string() ||
        !item.contains("content_base64") || !item["content_base64"].is_string()) {
      return InvalidArgument(fmt::format(
          "'{}' must be {{\"filename\": \"...\", \"content_base64\": \"...\"}}", field));
    }
    ASSIGN_OR_RETURN(std::string bytes, DecodeBase64(item["content_base64"].get<std::string>(),
                                                     field + ".content_base64"));
    out.push_back({item["filename"].get<std::string>(), std::move(bytes)});
  }
  return Status::Ok();
}

Status CheckContribution(NewContribution& c) {
  if (c.body.empty() && c.answers.empty() && c.files.empty()) {
    return InvalidArgument("a contribution needs a 'body', an answer or an attachment");
  }
  if (c.author_name.empty()) {
    return InvalidArgument("'author_name' is required (it is published only if you choose)");
  }
  return CheckLanguage("language", c.language);
}

bool Truthy(std::string_view v) {
  return v == "1" || v == "true" || v == "on" || v == "yes";
}

}  // namespace

Result<Call> CallFromJson(const json& body) {
  RETURN_IF_ERROR(CheckKnownFields(
      body, {"title", "description", "questions", "opens_at", "closes_at", "languages",
             "contributors", "moderation", "licence", "record_note"}));
  Call call;
  RETURN_IF_ERROR(ReadText(body, "title", call.title, 500));
  RETURN_IF_ERROR(ReadText(body, "description", call.description));
  RETURN_IF_ERROR(ReadText(body, "licence", call.licence, 100));
  RETURN_IF_ERROR(ReadText(body, "record_note", call.record_note, 2000));
  RETURN_IF_ERROR(ReadTime(body, "opens_at", call.opens_at));
  RETURN_IF_ERROR(ReadTime(body, "closes_at", call.closes_at));
  if (call.title.empty()) {
    return Error(InvalidArgument("'title' is required"));
  }
  if (call.closes_at <= call.opens_at) {
    return Error(InvalidArgument("'closes_at' must be after 'opens_at'"));
  }
  ASSIGN_OR_RETURN(auto questions, ReadStrings(body, "questions"));
  for (size_t i = 0; i < questions.size(); ++i) {
    call.questions.push_back({static_cast<int>(i + 1), questions[i]});
  }
  ASSIGN_OR_RETURN(call.languages, ReadStrings(body, "languages"));
  for (size_t i = 0; i < call.languages.size(); ++i) {
    RETURN_IF_ERROR(CheckLanguage(fmt::format("languages[{}]", i), call.languages[i]));
  }
  ASSIGN_OR_RETURN(auto contributors, ReadStrings(body, "contributors"));
  if (contributors.empty()) {
    contributors = {"members", "observers", "public"};
  }
  for (size_t i = 0; i < contributors.size(); ++i) {
    auto c = ParseContributor(contributors[i]);
    if (!c) {
      return Error(InvalidArgument(
          fmt::format("contributors[{}]: unknown '{}' (expected members, observers or public)", i,
                      contributors[i])));
    }
    call.contributors.push_back(*c);
  }
  std::string moderation = "none";
  RETURN_IF_ERROR(ReadText(body, "moderation", moderation, 40));
  auto parsed = ParseModeration(moderation);
  if (!parsed) {
    return Error(InvalidArgument(
        fmt::format("unknown moderation '{}' (expected none or before_publication)", moderation)));
  }
  call.moderation = *parsed;
  if (call.licence.empty()) {
    call.licence = "CC-BY-4.0";
  }
  return call;
}

json ToJson(const Call& call, CallState state) {
  json questions = json::array();
  for (const Question& q : call.questions) {
    questions.push_back({{"number", q.number}, {"text", q.text}});
  }
  json contributors = json::array();
  for (Contributor c : call.contributors) {
    contributors.push_back(Code(c));
  }
  return {{"id", call.id},
          {"process_id", call.process_id},
          {"title", call.title},
          {"description", call.description},
          {"questions", questions},
          {"opens_at", call.opens_at},
          {"closes_at", call.closes_at},
          {"state", Code(state)},
          {"languages", call.languages},
          {"contributors", contributors},
          {"moderation", Code(call.moderation)},
          {"licence", call.licence},
          {"record_note", call.record_note}};
}

Result<NewContribution> ContributionFromJson(const json& body) {
  RETURN_IF_ERROR(
      CheckKnownFields(body, {"author_name", "publish_name", "organisation", "stakeholder_group",
                              "country", "language", "body", "answers", "attachments"}));
  NewContribution c;
  RETURN_IF_ERROR(ReadText(body, "author_name", c.author_name, 300));
  RETURN_IF_ERROR(ReadText(body, "organisation", c.organisation, 300));
  RETURN_IF_ERROR(ReadText(body, "stakeholder_group", c.stakeholder_group, 64));
  RETURN_IF_ERROR(ReadText(body, "country", c.country, 8));
  RETURN_IF_ERROR(ReadText(body, "language", c.language, 8));
  RETURN_IF_ERROR(ReadText(body, "body", c.body, kMaxBodyBytes));
  if (auto it = body.find("publish_name"); it != body.end()) {
    if (!it->is_boolean()) {
      return Error(InvalidArgument("'publish_name' must be true or false"));
    }
    c.publish_name = it->get<bool>();
  }
  RETURN_IF_ERROR(ReadAnswers(body, c.answers));
  RETURN_IF_ERROR(ReadFiles(body, c.files));
  RETURN_IF_ERROR(CheckContribution(c));
  return c;
}

Result<NewContribution> ContributionFromForm(const http::Form& form) {
  NewContribution c;
  auto text = [&](std::string_view field, std::string& out, size_t max) -> Status {
    std::string_view value = form.Field(field).value_or("");
    if (value.size() > max) {
      return InvalidArgument(fmt::format("'{}' is longer than {} bytes", field, max));
    }
    out = std::string(Trim(value));
    return Status::Ok();
  };
  RETURN_IF_ERROR(text("author_name", c.author_name, 300));
  RETURN_IF_ERROR(text("organisation", c.organisation, 300));
  RETURN_IF_ERROR(text("stakeholder_group", c.stakeholder_group, 64));
  RETURN_IF_ERROR(text("country", c.country, 8));
  RETURN_IF_ERROR(text("language", c.language, 8));
  RETURN_IF_ERROR(text("body", c.body, kMaxBodyBytes));
  c.publish_name = Truthy(form.Field("publish_name").value_or(""));
  for (const auto& [key, value] : form.fields) {
    if (key.starts_with("answer_")) {
      ASSIGN_OR_RETURN(int n, QuestionNumber(std::string_view(key).substr(7), key));
      RETURN_IF_ERROR(AddAnswer(c.answers, n, value, key));
    }
  }
  for (const http::FormFile& f : form.files) {
    if (f.field != "attachments") {
      return Error(InvalidArgument(fmt::format("unexpected file field '{}'", f.field)));
    }
    if (c.files.size() == kMaxFiles) {
      return Error(InvalidArgument(fmt::format("at most {} attachments", kMaxFiles)));
    }
    c.files.push_back({f.filename, f.data});
  }
  RETURN_IF_ERROR(CheckContribution(c));
  return c;
}

json ToJson(const Contribution& c) {
  json answers = json::array();
  for (const Answer& a : c.answers) {
    answers.push_back({{"question", a.question}, {"text", a.text}});
  }
  json files = json::array();
  for (const Attachment& a : c.attachments) {
    files.push_back({{"id", a.id},
                     {"filename", a.filename},
                     {"media_type", a.media_type},
                     {"bytes", a.bytes},
                     {"sha256", a.sha256},
                     {"pages", a.pages},
                     {"url", fmt::format("/contributions/{}/files/{}", c.id, a.id)}});
  }
  return {{"id", c.id},
          {"call_id", c.call_id},
          {"process_id", c.process_id},
          {"receipt", c.receipt},
          {"author", c.publish_name ? json(c.author_name) : json()},
          {"organisation", c.organisation},
          {"stakeholder_group", c.stakeholder_group},
          {"country", c.country_iso3.empty() ? json() : json(c.country_iso3)},
          {"language", c.language},
          {"language_detected", c.language_detected},
          {"body", c.body},
          {"answers", answers},
          {"attachments", files},
          {"status", Code(c.status)},
          {"submitted_at", c.submitted_at},
          {"url", fmt::format("/contributions/{}", c.id)}};
}

}  // namespace plenary::consultation
