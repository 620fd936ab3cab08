#include "formats/polis/votes_csv.h"

#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "formats/csv.h"
#include "formats/polis/vote_lines.h"

namespace plenary::polis {

using formats::CsvReader;
using formats::FieldPosition;
using formats::ParseInt64;
using formats::ReadHeader;

namespace {

constexpr std::string_view kVotesHeader = "timestamp,datetime,comment-id,voter-id,vote\n";

Status FieldError(int64_t line, size_t column, std::string_view name, std::string_view what,
                  std::string_view value) {
  return InvalidArgument(
      fmt::format("votes.csv {}: {}, got \"{}\"", FieldPosition(line, column, name), what, value));
}

std::string_view ColumnName(const VotesCsvLayout& layout, size_t column) {
  const int c = static_cast<int>(column);
  if (c == layout.timestamp) {
    return "timestamp";
  }
  if (c == layout.comment) {
    return "comment-id";
  }
  if (c == layout.voter) {
    return "voter-id";
  }
  return c == layout.vote ? "vote" : "other";
}

// Stores one field of a vote row. Returns false with `error` set for a malformed value.
Status StoreField(const VotesCsvLayout& layout, size_t column, std::string_view field, int64_t line,
                  VoteRecord& record) {
  const int c = static_cast<int>(column);
  if (c != layout.timestamp && c != layout.comment && c != layout.voter && c != layout.vote) {
    return Status::Ok();
  }
  int64_t value = 0;
  if (!ParseInt64(field, value)) {
    return FieldError(line, column, ColumnName(layout, column), "expected an integer", field);
  }
  if (c == layout.timestamp) {
    record.timestamp_ms = value;
  } else if (c == layout.comment) {
    record.comment_id = value;
  } else if (c == layout.voter) {
    record.voter_id = value;
  } else {
    if (value < -1 || value > 1) {
      return FieldError(line, column, "vote", "expected -1, 0 or 1", field);
    }
    record.vote = static_cast<int8_t>(value);
  }
  return Status::Ok();
}

Status ParseQuotedLines(std::string_view text, const VotesCsvLayout& layout, int64_t first_line,
                        std::vector<VoteRecord>& out) {
  CsvReader reader(text);
  std::vector<std::string_view> fields;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.NextRecord(fields));
    if (!more) {
      return Status::Ok();
    }
    const int64_t line = first_line + reader.record_line() - 1;
    if (fields.size() == 1 && fields[0].empty()) {
      continue;  // A blank line.
    }
    if (fields.size() != layout.columns) {
      return InvalidArgument(fmt::format("votes.csv line {}: expected {} fields, found {}", line,
                                         layout.columns, fields.size()));
    }
    VoteRecord record;
    for (size_t c = 0; c < fields.size(); ++c) {
      RETURN_IF_ERROR(StoreField(layout, c, fields[c], line, record));
    }
    out.push_back(record);
  }
}

}  // namespace

Result<VotesCsvLayout> ParseVotesHeader(std::string_view header_line) {
  CsvReader reader(header_line);
  std::vector<std::string_view> fields;
  RETURN_IF_ERROR(ReadHeader(reader, fields, "votes.csv"));
  VotesCsvLayout layout;
  layout.columns = fields.size();
  for (size_t i = 0; i < fields.size(); ++i) {
    const int c = static_cast<int>(i);
    if (fields[i] == "timestamp") {
      layout.timestamp = c;
    } else if (fields[i] == "comment-id") {
      layout.comment = c;
    } else if (fields[i] == "voter-id") {
      layout.voter = c;
    } else if (fields[i] == "vote") {
      layout.vote = c;
    }
  }
  if (layout.comment < 0 || layout.voter < 0 || layout.vote < 0) {
    return Error(InvalidArgument(
        "votes.csv line 1: header needs the columns comment-id, voter-id and vote"));
  }
  return layout;
}

namespace detail {

// The general path for one line, with messages naming line and column.
Status ParseVoteLineWithMessages(std::string_view line_text, const VotesCsvLayout& layout,
                                 int64_t line, VoteRecord& record) {
  size_t column = 0;
  size_t start = 0;
  while (true) {
    const size_t comma = line_text.find(',', start);
    const std::string_view field =
        line_text.substr(start, comma == std::string_view::npos ? comma : comma - start);
    if (column < layout.columns) {
      RETURN_IF_ERROR(StoreField(layout, column, field, line, record));
    }
    ++column;
    if (comma == std::string_view::npos) {
      break;
    }
    start = comma + 1;
  }
  if (column != layout.columns) {
    return InvalidArgument(fmt::format("votes.csv line {}: expected {} fields, found {}", line,
                                       layout.columns, column));
  }
  return Status::Ok();
}

}  // namespace detail

Status ParseVoteLines(std::string_view text, const VotesCsvLayout& layout, int64_t first_line,
                      std::vector<VoteRecord>& out) {
  if (std::memchr(text.data(), '"', text.size()) != nullptr) {
    return ParseQuotedLines(text, layout, first_line, out);
  }
  return detail::ParseUnquotedVoteLines(text, layout, first_line, out);
}

Result<std::vector<VoteRecord>> ParseVotesCsv(std::string_view text) {
  const size_t eol = text.find('\n');
  const std::string_view header = text.substr(0, eol);
  ASSIGN_OR_RETURN(VotesCsvLayout layout, ParseVotesHeader(header));
  std::vector<VoteRecord> votes;
  if (eol != std::string_view::npos) {
    RETURN_IF_ERROR(ParseVoteLines(text.substr(eol + 1), layout, 2, votes));
  }
  return votes;
}

std::string FormatPolisDatetime(int64_t timestamp_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> time{milliseconds(timestamp_ms)};
  const sys_days day = floor<days>(time);
  const year_month_day ymd(day);
  const hh_mm_ss hms(floor<seconds>(time - day));
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{} {} {:02} {:02}:{:02}:{:02} UTC {}", kDays[weekday(day).c_encoding()],
                     kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<unsigned>(ymd.day()), hms.hours().count(), hms.minutes().count(),
                     hms.seconds().count(), static_cast<int>(ymd.year()));
}

void AppendVoteLine(const VoteRecord& vote, std::string& out) {
  fmt::format_to(std::back_inserter(out), "{},{},{},{},{}\n", vote.timestamp_ms,
                 FormatPolisDatetime(vote.timestamp_ms), vote.comment_id, vote.voter_id,
                 static_cast<int>(vote.vote));
}

std::string WriteVotesCsv(std::span<const VoteRecord> votes) {
  std::string out(kVotesHeader);
  out.reserve(votes.size() * 56 + out.size());
  for (const VoteRecord& vote : votes) {
    AppendVoteLine(vote, out);
  }
  return out;
}

}  // namespace plenary::polis
