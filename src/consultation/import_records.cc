#include "consultation/import_records.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "consultation/prepare.h"
#include "core/text.h"
#include "formats/json_line.h"

namespace plenary::consultation {
namespace {

using nlohmann::json;

// Parses the record's JSON line, if it has one, into its fields.
void ReadFields(Record& record) {
  if (record.json_line.empty()) {
    return;
  }
  record.fields = formats::ParseJsonLine(record.json_line);
  if (record.fields.is_discarded() || !record.fields.is_object()) {
    // A line that parses is valid UTF-8 (the parser checks its strings); the UTF-8 check is
    // left for the refused ones, to name why.
    record.error = IsValidUtf8(record.json_line) ? "the line is not a JSON object"
                                                 : "the line is not valid UTF-8";
  }
  record.json_line = {};
}

// The record's own fields that the API does not take.
struct Extras {
  std::string submitted_at;
  std::string idempotency_key;
};

Result<Extras> TakeExtras(json& fields) {
  Extras out;
  for (auto [key, target] : {std::pair{"submitted_at", &out.submitted_at},
                             std::pair{"idempotency_key", &out.idempotency_key}}) {
    auto it = fields.find(key);
    if (it != fields.end()) {
      if (!it->is_string()) {
        return Error(InvalidArgument(fmt::format("'{}' must be a string", key)));
      }
      *target = it->get<std::string>();
      fields.erase(it);
    }
  }
  if (!out.submitted_at.empty()) {
    auto t = ParseIso8601(out.submitted_at);
    if (!t) {
      return Error(InvalidArgument(fmt::format(
          "'submitted_at' must be ISO 8601 (2016-12-07T10:00:00Z), not '{}'", out.submitted_at)));
    }
    out.submitted_at = FormatIso8601(*t);
  }
  return out;
}

// A CSV record as the JSON the API takes: answer_N columns become answers, publish_name a bool.
json CsvFields(const std::vector<std::string_view>& header,
               const std::vector<std::string_view>& values) {
  json out = json::object();
  for (size_t i = 0; i < header.size() && i < values.size(); ++i) {
    std::string_view name = header[i];
    std::string value(values[i]);
    if (value.empty()) {
      continue;
    }
    if (name.starts_with("answer_")) {
      out["answers"][std::string(name.substr(7))] = value;
    } else if (name == "publish_name") {
      std::string v = AsciiLower(value);
      out[std::string(name)] = v == "1" || v == "true" || v == "yes";
    } else {
      out[std::string(name)] = value;
    }
  }
  return out;
}

}  // namespace

Status Reader::Start() {
  if (format_ == ImportFormat::kCsv) {
    RETURN_IF_ERROR(formats::ReadHeader(csv_, header_views_, "the file"));
    for (std::string_view h : header_views_) {
      header_.emplace_back(Trim(h));
    }
  }
  return Status::Ok();
}

Result<bool> Reader::Next(std::vector<Record>& out, size_t limit) {
  out.clear();
  while (out.size() < limit) {
    ASSIGN_OR_RETURN(bool more, format_ == ImportFormat::kCsv ? NextCsv(out) : NextLine(out));
    if (!more) {
      return !out.empty();
    }
  }
  return true;
}

Result<bool> Reader::NextCsv(std::vector<Record>& out) {
  ASSIGN_OR_RETURN(bool more, csv_.NextRecord(values_));
  if (!more) {
    return false;
  }
  std::vector<std::string_view> header(header_.begin(), header_.end());
  out.push_back({csv_.record_line(), CsvFields(header, values_), ""});
  return true;
}

Result<bool> Reader::NextLine(std::vector<Record>& out) {
  while (pos_ < text_.size()) {
    size_t end = text_.find('\n', pos_);
    end = end == std::string_view::npos ? text_.size() : end;
    std::string_view line = Trim(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    ++line_;
    if (line.empty()) {
      continue;
    }
    out.push_back({.line = line_, .json_line = line});
    return true;
  }
  return false;
}

Ready PrepareRecord(Context& ctx, const Call& call, Record& record, const std::string& now) {
  ReadFields(record);
  Ready out;
  out.line = record.line;
  if (!record.error.empty()) {
    out.error = record.error;
    return out;
  }
  auto extras = TakeExtras(record.fields);
  auto input =
      extras ? ContributionFromJson(record.fields) : Result<NewContribution>(Error(extras.error()));
  if (input) {
    for (const Answer& a : input->answers) {
      bool known = std::any_of(call.questions.begin(), call.questions.end(),
                               [&](const Question& q) { return q.number == a.question; });
      if (!known) {
        input = Error(InvalidArgument(fmt::format("the call has no question {}", a.question)));
        break;
      }
    }
  }
  auto prepared =
      input ? Prepare(ctx, call, std::nullopt, *input) : Result<Contribution>(Error(input.error()));
  if (!prepared) {
    out.error = prepared.error().message();
    return out;
  }
  out.contribution = std::move(*prepared);
  out.contribution.submitted_at = extras->submitted_at.empty() ? now : extras->submitted_at;
  out.entry = IndexEntry(out.contribution);
  out.key = std::move(extras->idempotency_key);
  return out;
}

}  // namespace plenary::consultation
