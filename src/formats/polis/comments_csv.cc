#include "formats/polis/comments_csv.h"

#include <array>
#include <map>

#include <fmt/format.h>

#include "formats/csv.h"

namespace plenary::polis {

using formats::AppendCsvRecord;
using formats::CsvReader;
using formats::FieldPosition;
using formats::ParseDouble;
using formats::ParseInt64;
using formats::ReadHeader;

namespace {

enum Column {
  kTimestamp,
  kDatetime,
  kCommentId,
  kAuthorId,
  kAgrees,
  kDisagrees,
  kModerated,
  kIsMeta,
  kIsSeed,
  kGic,
  kBody,
  kColumnCount,
};

constexpr std::array<std::string_view, kColumnCount> kNames = {
    "timestamp",   "datetime",  "comment-id", "author-id", "agrees",
    "disagrees",   "moderated", "is-meta",    "is-seed",   "group-informed-consensus",
    "comment-body"};

Status BadField(int64_t line, size_t column, std::string_view name, std::string_view value,
                std::string_view what) {
  return InvalidArgument(fmt::format("comments.csv {}: {}, got \"{}\"",
                                     FieldPosition(line, column, name), what, value));
}

Status ParseFlag(std::string_view field, int64_t line, size_t column, std::string_view name,
                 bool& out) {
  if (field.empty() || field == "false" || field == "0") {
    out = false;
  } else if (field == "true" || field == "1") {
    out = true;
  } else {
    return BadField(line, column, name, field, "expected a boolean");
  }
  return Status::Ok();
}

Status StoreInt(std::string_view field, int64_t line, size_t column, std::string_view name,
                bool optional, int64_t& out) {
  if (optional && field.empty()) {
    return Status::Ok();
  }
  if (!ParseInt64(field, out)) {
    return BadField(line, column, name, field, "expected an integer");
  }
  return Status::Ok();
}

Status StoreComment(const std::array<int, kColumnCount>& at,
                    const std::vector<std::string_view>& fields, int64_t line, CommentRecord& c) {
  auto field = [&](Column col) { return fields[at[col]]; };
  auto pos = [&](Column col) { return static_cast<size_t>(at[col]); };
  RETURN_IF_ERROR(
      StoreInt(field(kCommentId), line, pos(kCommentId), kNames[kCommentId], false, c.comment_id));
  for (const Column col : {kTimestamp, kAuthorId, kAgrees, kDisagrees}) {
    if (at[col] < 0) {
      continue;
    }
    int64_t* target = col == kTimestamp  ? &c.timestamp_ms
                      : col == kAuthorId ? &c.author_id
                      : col == kAgrees   ? &c.agrees
                                         : &c.disagrees;
    RETURN_IF_ERROR(StoreInt(field(col), line, pos(col), kNames[col], true, *target));
  }
  if (at[kModerated] >= 0) {
    int64_t moderated = 0;
    RETURN_IF_ERROR(
        StoreInt(field(kModerated), line, pos(kModerated), kNames[kModerated], true, moderated));
    if (moderated < -1 || moderated > 1) {
      return BadField(line, pos(kModerated), kNames[kModerated], field(kModerated),
                      "expected -1, 0 or 1");
    }
    c.moderated = static_cast<int>(moderated);
  }
  if (at[kIsMeta] >= 0) {
    RETURN_IF_ERROR(ParseFlag(field(kIsMeta), line, pos(kIsMeta), kNames[kIsMeta], c.is_meta));
  }
  if (at[kIsSeed] >= 0) {
    RETURN_IF_ERROR(ParseFlag(field(kIsSeed), line, pos(kIsSeed), kNames[kIsSeed], c.is_seed));
  }
  if (at[kGic] >= 0 && !field(kGic).empty()) {
    double gic = 0;
    if (!ParseDouble(field(kGic), gic)) {
      return BadField(line, pos(kGic), kNames[kGic], field(kGic), "expected a number");
    }
    c.group_informed_consensus = gic;
  }
  if (at[kDatetime] >= 0) {
    c.datetime = std::string(field(kDatetime));
  }
  if (at[kBody] >= 0) {
    c.body = std::string(field(kBody));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<CommentRecord>> ParseCommentsCsv(std::string_view text) {
  CsvReader reader(text);
  std::vector<std::string_view> fields;
  RETURN_IF_ERROR(ReadHeader(reader, fields, "comments.csv"));
  std::array<int, kColumnCount> at;
  at.fill(-1);
  for (size_t i = 0; i < fields.size(); ++i) {
    for (int col = 0; col < kColumnCount; ++col) {
      if (fields[i] == kNames[col]) {
        at[col] = static_cast<int>(i);
      }
    }
  }
  if (at[kCommentId] < 0) {
    return Error(InvalidArgument("comments.csv line 1: header has no comment-id column"));
  }
  const size_t columns = fields.size();
  std::vector<CommentRecord> comments;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.NextRecord(fields));
    if (!more) {
      break;
    }
    if (fields.size() == 1 && fields[0].empty()) {
      continue;
    }
    if (fields.size() != columns) {
      return Error(InvalidArgument(fmt::format("comments.csv line {}: expected {} fields, found {}",
                                               reader.record_line(), columns, fields.size())));
    }
    CommentRecord comment;
    RETURN_IF_ERROR(StoreComment(at, fields, reader.record_line(), comment));
    comments.push_back(std::move(comment));
  }
  return comments;
}

std::string WriteCommentsCsv(std::span<const CommentRecord> comments, bool extended) {
  std::string out = extended ? "timestamp,datetime,comment-id,author-id,agrees,disagrees,"
                               "moderated,is-meta,is-seed,group-informed-consensus,comment-body\n"
                             : "timestamp,datetime,comment-id,author-id,agrees,disagrees,"
                               "moderated,comment-body\n";
  for (const CommentRecord& c : comments) {
    const std::string timestamp = std::to_string(c.timestamp_ms);
    const std::string id = std::to_string(c.comment_id);
    const std::string author = std::to_string(c.author_id);
    const std::string agrees = std::to_string(c.agrees);
    const std::string disagrees = std::to_string(c.disagrees);
    const std::string moderated = std::to_string(c.moderated);
    const std::string gic =
        c.group_informed_consensus ? fmt::format("{}", *c.group_informed_consensus) : std::string();
    std::vector<std::string_view> fields = {timestamp, c.datetime, id,       author,
                                            agrees,    disagrees,  moderated};
    if (extended) {
      fields.push_back(c.is_meta ? "true" : "false");
      fields.push_back(c.is_seed ? "true" : "false");
      fields.push_back(gic);
    }
    fields.push_back(c.body);
    AppendCsvRecord(fields, out);
  }
  return out;
}

}  // namespace plenary::polis
