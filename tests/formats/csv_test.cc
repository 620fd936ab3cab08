#include "formats/csv.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::formats {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view text) {
  CsvReader reader(text);
  std::vector<std::string_view> fields;
  std::vector<std::vector<std::string>> rows;
  while (true) {
    auto more = reader.NextRecord(fields);
    EXPECT_TRUE(more.has_value()) << more.error().ToString();
    if (!more.has_value() || !*more) {
      return rows;
    }
    rows.emplace_back(fields.begin(), fields.end());
  }
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, ReadsTable) {
  struct Case {
    std::string text;
    Rows rows;
  };
  const std::vector<Case> cases = {
      {"a,b\n1,2\n", {{"a", "b"}, {"1", "2"}}},
      {"a,b\r\n1,2\r\n", {{"a", "b"}, {"1", "2"}}},
      {"a,b\n1,2", {{"a", "b"}, {"1", "2"}}},
      {"x,,y\n", {{"x", "", "y"}}},
      {"\"a,b\",c\n", {{"a,b", "c"}}},
      {"\"say \"\"hi\"\"\",2\n", {{"say \"hi\"", "2"}}},
      {"\"two\nlines\",3\nnext,4\n", {{"two\nlines", "3"}, {"next", "4"}}},
      {"\"\",x\n", {{"", "x"}}},
      {"one\n", {{"one"}}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ReadAll(c.text), c.rows) << c.text;
  }
}

TEST(CsvReader, ReportsLineOfMultilineRecords) {
  CsvReader reader("a\n\"b\nc\",d\ne\n");
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*reader.NextRecord(fields));
  ASSERT_TRUE(*reader.NextRecord(fields));
  EXPECT_EQ(reader.record_line(), 2);
  ASSERT_TRUE(*reader.NextRecord(fields));
  EXPECT_EQ(reader.record_line(), 4);
  EXPECT_EQ(fields[0], "e");
}

TEST(CsvReader, RejectsMalformedQuotesWithPosition) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"a,b\n1,\"open\n", "line 2, column 2: quoted field is never closed"},
      {"a,b\n1,x\"y\n", "line 2, column 2: quote inside an unquoted field"},
      {"\"a\"b,c\n", "line 1, column 1: text after a closing quote"},
  };
  for (const Case& c : cases) {
    CsvReader reader(c.text);
    std::vector<std::string_view> fields;
    Result<bool> result = true;
    while (result.has_value() && *result) {
      result = reader.NextRecord(fields);
    }
    ASSERT_FALSE(result.has_value()) << c.text;
    EXPECT_EQ(result.error().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(result.error().message(), c.message);
  }
}

TEST(AppendCsvField, QuotesOnlyWhenNeeded) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain", "plain"},       {"a,b", "\"a,b\""},   {"say \"x\"", "\"say \"\"x\"\"\""},
      {"two\nl", "\"two\nl\""}, {" pad", "\" pad\""}, {"", ""},
  };
  for (const auto& [in, out] : cases) {
    std::string text;
    AppendCsvField(in, text);
    EXPECT_EQ(text, out);
  }
}

TEST(AppendCsvRecord, RoundTripsThroughReader) {
  const std::vector<std::string> fields = {"1", "a,b", "q\"q", "multi\r\nline", "", " s "};
  std::string text;
  AppendCsvRecord({fields.begin(), fields.end()}, text);
  EXPECT_EQ(ReadAll(text), Rows{fields});
}

TEST(ParseInt64, AcceptsWholeIntegersOnly) {
  int64_t v = 0;
  EXPECT_TRUE(ParseInt64("-12", v));
  EXPECT_EQ(v, -12);
  EXPECT_FALSE(ParseInt64("", v));
  EXPECT_FALSE(ParseInt64("1x", v));
  EXPECT_FALSE(ParseInt64("99999999999999999999", v));
}

TEST(ReadHeader, NamesTheFileWhenTheHeaderIsMissing) {
  std::vector<std::string_view> fields;
  CsvReader empty("");
  Status missing = ReadHeader(empty, fields, "votes.csv");
  EXPECT_EQ(missing.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.message(), "votes.csv line 1: missing header");
  CsvReader present("a,b\n1,2\n");
  ASSERT_TRUE(ReadHeader(present, fields, "x.csv").ok());
  EXPECT_EQ(fields, (std::vector<std::string_view>{"a", "b"}));
}

}  // namespace
}  // namespace plenary::formats
