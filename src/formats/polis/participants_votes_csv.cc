#include "formats/polis/participants_votes_csv.h"

#include <array>

#include <fmt/format.h>

#include "formats/csv.h"

namespace plenary::polis {

using formats::AppendCsvField;
using formats::CsvReader;
using formats::FieldPosition;
using formats::ParseInt64;
using formats::ReadHeader;

namespace {

enum Column { kParticipant, kXid, kGroupId, kNComments, kNVotes, kNAgree, kNDisagree, kCount };
constexpr std::array<std::string_view, kCount> kNames = {
    "participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"};

struct Layout {
  std::array<int, kCount> at;
  std::vector<int> comment_columns;  // field index of each comment column
  size_t columns = 0;
};

Status BadField(int64_t line, size_t column, std::string_view name, std::string_view value,
                std::string_view what) {
  return InvalidArgument(fmt::format("participants-votes.csv {}: {}, got \"{}\"",
                                     FieldPosition(line, column, name), what, value));
}

Result<Layout> ReadLayout(const std::vector<std::string_view>& header,
                          ParticipantVotesTable& table) {
  Layout layout;
  layout.at.fill(-1);
  layout.columns = header.size();
  for (size_t i = 0; i < header.size(); ++i) {
    bool named = false;
    for (int col = 0; col < kCount; ++col) {
      if (header[i] == kNames[col]) {
        layout.at[col] = static_cast<int>(i);
        named = true;
      }
    }
    int64_t comment_id = 0;
    if (!named && ParseInt64(header[i], comment_id)) {
      layout.comment_columns.push_back(static_cast<int>(i));
      table.comment_ids.push_back(comment_id);
    }
  }
  if (layout.at[kParticipant] < 0) {
    return Error(InvalidArgument("participants-votes.csv line 1: header has no participant"));
  }
  table.has_xid = layout.at[kXid] >= 0;
  return layout;
}

Status StoreRow(const Layout& layout, const std::vector<std::string_view>& fields, int64_t line,
                ParticipantVotesRow& row) {
  int64_t* targets[kCount] = {&row.participant, nullptr,      nullptr,        &row.n_comments,
                              &row.n_votes,     &row.n_agree, &row.n_disagree};
  for (int col = 0; col < kCount; ++col) {
    const int at = layout.at[col];
    if (at < 0) {
      continue;
    }
    const std::string_view field = fields[at];
    if (col == kXid) {
      row.xid = std::string(field);
      continue;
    }
    if (col == kGroupId && field.empty()) {
      continue;
    }
    int64_t value = 0;
    if (!ParseInt64(field, value)) {
      if (col != kParticipant && field.empty()) {
        continue;
      }
      return BadField(line, at, kNames[col], field, "expected an integer");
    }
    if (col == kGroupId) {
      row.group_id = value;
    } else {
      *targets[col] = value;
    }
  }
  row.votes.resize(layout.comment_columns.size());
  for (size_t j = 0; j < layout.comment_columns.size(); ++j) {
    const int at = layout.comment_columns[j];
    const std::string_view field = fields[at];
    int64_t vote = 0;
    if (field.empty()) {
      row.votes[j] = kNoVote;
    } else if (ParseInt64(field, vote) && vote >= -1 && vote <= 1) {
      row.votes[j] = static_cast<int8_t>(vote);
    } else {
      return BadField(line, at, "comment", field, "expected -1, 0, 1 or nothing");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<ParticipantVotesTable> ParseParticipantsVotesCsv(std::string_view text) {
  CsvReader reader(text);
  std::vector<std::string_view> fields;
  RETURN_IF_ERROR(ReadHeader(reader, fields, "participants-votes.csv"));
  ParticipantVotesTable table;
  ASSIGN_OR_RETURN(Layout layout, ReadLayout(fields, table));
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.NextRecord(fields));
    if (!more) {
      break;
    }
    if (fields.size() == 1 && fields[0].empty()) {
      continue;
    }
    if (fields.size() != layout.columns) {
      return Error(InvalidArgument(
          fmt::format("participants-votes.csv line {}: expected {} fields, found {}",
                      reader.record_line(), layout.columns, fields.size())));
    }
    ParticipantVotesRow row;
    RETURN_IF_ERROR(StoreRow(layout, fields, reader.record_line(), row));
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string WriteParticipantsVotesCsv(const ParticipantVotesTable& table) {
  std::string out = "participant";
  if (table.has_xid) {
    out += ",xid";
  }
  out += ",group-id,n-comments,n-votes,n-agree,n-disagree";
  for (const int64_t id : table.comment_ids) {
    fmt::format_to(std::back_inserter(out), ",{}", id);
  }
  out.push_back('\n');
  for (const ParticipantVotesRow& row : table.rows) {
    fmt::format_to(std::back_inserter(out), "{}", row.participant);
    if (table.has_xid) {
      out.push_back(',');
      AppendCsvField(row.xid, out);
    }
    out.push_back(',');
    if (row.group_id) {
      fmt::format_to(std::back_inserter(out), "{}", *row.group_id);
    }
    fmt::format_to(std::back_inserter(out), ",{},{},{},{}", row.n_comments, row.n_votes,
                   row.n_agree, row.n_disagree);
    for (const int8_t vote : row.votes) {
      out.push_back(',');
      if (vote != kNoVote) {
        fmt::format_to(std::back_inserter(out), "{}", static_cast<int>(vote));
      }
    }
    out.push_back('\n');
  }
  return out;
}

}  // namespace plenary::polis
