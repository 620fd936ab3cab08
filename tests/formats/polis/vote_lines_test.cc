// The quote-free fast path of ParseVoteLines (vote_lines.cc) against the general path, line by
// line: both its ways (a whole line at once, and field by field near the end of the text) must
// give the same records, the same errors and the same line numbers.
#include "formats/polis/vote_lines.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "formats/polis/votes_csv.h"

namespace plenary::polis {
namespace {

constexpr std::string_view kHeader = "timestamp,datetime,comment-id,voter-id,vote";

VotesCsvLayout Layout(std::string_view header = kHeader) {
  auto layout = ParseVotesHeader(header);
  EXPECT_TRUE(layout.has_value());
  return layout.value_or(VotesCsvLayout());
}

struct Parsed {
  std::vector<VoteRecord> records;
  std::string error;  // empty when parsing succeeded
};

Parsed Fast(std::string_view text, const VotesCsvLayout& layout, int64_t first_line = 2) {
  Parsed parsed;
  const Status s = ParseVoteLines(text, layout, first_line, parsed.records);
  if (!s.ok()) {
    parsed.error = s.message();
  }
  return parsed;
}

// The reference: each line through the general path (detail::ParseVoteLinesOneByOne).
Parsed LineByLine(std::string_view text, const VotesCsvLayout& layout, int64_t first_line = 2) {
  Parsed parsed;
  const Status s = detail::ParseVoteLinesOneByOne(text, layout, first_line, parsed.records);
  if (!s.ok()) {
    parsed.error = s.message();
  }
  return parsed;
}

void ExpectSameAsLineByLine(std::string_view text, const VotesCsvLayout& layout) {
  const Parsed fast = Fast(text, layout);
  const Parsed reference = LineByLine(text, layout);
  EXPECT_EQ(fast.error, reference.error) << text;
  if (reference.error.empty()) {
    EXPECT_EQ(fast.records, reference.records) << text;
  }
}

// Enough good lines that what follows is parsed a whole line at a time.
std::string GoodLines(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    text += std::to_string(1403054214196 + i) + ",Wed Jun 18 08:16:54 WIB 2014," +
            std::to_string(i % 7) + "," + std::to_string(i * 13) + "," + std::to_string(i % 3 - 1) +
            "\n";
  }
  return text;
}

TEST(ParseVoteLines, ReadsPolisLinesEitherWay) {
  const std::string text = GoodLines(50);
  const Parsed parsed = Fast(text, Layout());
  ASSERT_EQ(parsed.error, "");
  ASSERT_EQ(parsed.records.size(), 50u);
  EXPECT_EQ(parsed.records[49], (VoteRecord{1403054214245, 0, 637, 0}));
  ExpectSameAsLineByLine(text, Layout());
}

TEST(ParseVoteLines, HandlesLineEndsAndBlankLines) {
  std::string crlf = GoodLines(20);
  for (size_t at = crlf.find('\n'); at != std::string::npos; at = crlf.find('\n', at + 2)) {
    crlf.insert(at, "\r");
  }
  const std::vector<std::string> texts = {
      crlf,
      crlf.substr(0, crlf.size() - 2),  // the last line without its CRLF
      GoodLines(20) + "1,d,2,3,-1",     // ... without its LF
      "\n\r\n" + GoodLines(5) + "\n\n" + GoodLines(20) + "\r\n",
      GoodLines(20) + "1,d,2,3,1\r",  // a CR at the very end
  };
  for (const std::string& text : texts) {
    const Parsed parsed = Fast(text, Layout());
    EXPECT_EQ(parsed.error, "") << text;
    ExpectSameAsLineByLine(text, Layout());
  }
  EXPECT_EQ(Fast(crlf, Layout()).records, Fast(GoodLines(20), Layout()).records);
}

TEST(ParseVoteLines, ErrorsNameTheLineWhereverItIs) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::string good = GoodLines(30);  // lines 2-31
  const std::vector<Case> cases = {
      {good + "1,d,2,3,2\n" + good,
       "votes.csv line 32, column 5 (vote): expected -1, 0 or 1, got \"2\""},
      {good + "1,d,2,3,2", "votes.csv line 32, column 5 (vote): expected -1, 0 or 1, got \"2\""},
      {good + "\n\n1,d,x,3,1\n" + good,
       "votes.csv line 34, column 3 (comment-id): expected an integer, got \"x\""},
      {good + "1,d,2,3\n" + good, "votes.csv line 32: expected 5 fields, found 4"},
      {good + "1,d,2,3,1,9\n" + good, "votes.csv line 32: expected 5 fields, found 6"},
      {good + "1,d,,3,1\n" + good,
       "votes.csv line 32, column 3 (comment-id): expected an integer, got \"\""},
      {good + "1,d, 2,3,1\n" + good,
       "votes.csv line 32, column 3 (comment-id): expected an integer, got \" 2\""},
      {good + "1,d,2,3,+1\n" + good,
       "votes.csv line 32, column 5 (vote): expected an integer, got \"+1\""},
      {good + "1,d,2,99999999999999999999,1\n" + good,
       "votes.csv line 32, column 4 (voter-id): expected an integer, got "
       "\"99999999999999999999\""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Fast(c.text, Layout()).error, c.message) << c.text;
    ExpectSameAsLineByLine(c.text, Layout());
  }
  // first_line offsets the numbers (a chunk of a larger file).
  EXPECT_EQ(Fast("1,d,2,3,7\n", Layout(), 1000).error,
            "votes.csv line 1000, column 5 (vote): expected -1, 0 or 1, got \"7\"");
}

TEST(ParseVoteLines, ReadsUnusualButValidNumbers) {
  const std::string good = GoodLines(30);
  const std::string odd =
      "-5,d,-0,0007,-0\n"
      "123456789012345678,d,9223372036854775807,1,01\n"  // 18 digits, 19 digits
      "1," +
      std::string(100, 'x') + ",2,3,1\n";  // a line over 64 bytes
  const std::string text = good + odd + good;
  const Parsed parsed = Fast(text, Layout());
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.records[30], (VoteRecord{-5, 0, 7, 0}));
  EXPECT_EQ(parsed.records[31], (VoteRecord{123456789012345678, 9223372036854775807, 1, 1}));
  EXPECT_EQ(parsed.records[32], (VoteRecord{1, 2, 3, 1}));
  ExpectSameAsLineByLine(text, Layout());
}

TEST(ParseVoteLines, FollowsOtherLayouts) {
  const std::vector<std::string_view> headers = {
      "comment-id,voter-id,vote",                  // no timestamp
      "vote,extra,voter-id,comment-id,timestamp",  // another order, an extra column
      "a,b,c,d,e,f,g,voter-id,vote,comment-id,h",  // many columns
  };
  std::mt19937 random(11);
  for (std::string_view header : headers) {
    const VotesCsvLayout layout = Layout(header);
    std::string text;
    for (int i = 0; i < 60; ++i) {
      for (size_t c = 0; c < layout.columns; ++c) {
        text += c > 0 ? "," : "";
        text += static_cast<int>(c) == layout.vote
                    ? std::to_string(static_cast<int>(random() % 3) - 1)
                    : std::to_string(random() % 100000);
      }
      text += "\n";
    }
    const Parsed parsed = Fast(text, layout);
    EXPECT_EQ(parsed.error, "") << header;
    EXPECT_EQ(parsed.records.size(), 60u) << header;
    ExpectSameAsLineByLine(text, layout);
  }
}

// Random lines, mostly good, with odd fields, lengths and line ends mixed in.
std::string RandomField(std::mt19937& random, bool integer) {
  static const std::vector<std::string> kOdd = {"",
                                                "-",
                                                "x",
                                                " 1",
                                                "1 ",
                                                "+1",
                                                "1e3",
                                                "0x1",
                                                "--1",
                                                "-01",
                                                "01",
                                                "2",
                                                "-2",
                                                "\r",
                                                "1\r",
                                                "\xc3\xa9",
                                                "99999999999999999999",
                                                "9223372036854775808",
                                                "-9223372036854775808",
                                                "0000000000000000000001"};
  if (random() % 40 == 0) {
    return kOdd[random() % kOdd.size()];
  }
  if (!integer) {
    return std::string(random() % 70, static_cast<char>('a' + random() % 26));
  }
  const int digits = 1 + static_cast<int>(random() % 18);
  std::string field = random() % 10 == 0 ? "-" : "";
  for (int d = 0; d < digits; ++d) {
    field += static_cast<char>('0' + random() % 10);
  }
  if (random() % 40 == 0) {  // one byte just outside the digits, or anything else
    static constexpr char kBytes[] = {'/', ':', 'x', ' ', '-', '.', '\r', '\x80', '\xff', '\0'};
    field[random() % field.size()] = kBytes[random() % sizeof(kBytes)];
  }
  return field;
}

TEST(ParseVoteLines, MatchesTheGeneralPathOnRandomText) {
  std::mt19937 random(5);
  const VotesCsvLayout layout = Layout();
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int lines = 1 + static_cast<int>(random() % 40);
    for (int i = 0; i < lines; ++i) {
      if (random() % 30 == 0) {
        text += random() % 2 ? "\n" : "\r\n";
        continue;
      }
      const size_t columns = random() % 50 == 0 ? 3 + random() % 4 : 5;
      for (size_t c = 0; c < columns; ++c) {
        text += c > 0 ? "," : "";
        text += c == 4 && random() % 40 != 0 ? std::to_string(static_cast<int>(random() % 3) - 1)
                                             : RandomField(random, c != 1);
      }
      const bool last = i + 1 == lines;
      text += last && random() % 3 == 0 ? "" : random() % 5 == 0 ? "\r\n" : "\n";
    }
    ExpectSameAsLineByLine(text, layout);
  }
}

}  // namespace
}  // namespace plenary::polis
