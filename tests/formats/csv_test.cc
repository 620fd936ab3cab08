#include "formats/csv.h"

#include <gtest/gtest.h>

namespace plenary::formats {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view text) {
  CsvReader reader(text);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> fields;
  while (true) {
    auto more = reader.Next(fields);
    EXPECT_TRUE(more) << more.error().ToString();
    if (!more || !*more) {
      break;
    }
    out.push_back(fields);
  }
  return out;
}

TEST(CsvReader, ReadsQuotedFieldsAndLineEndings) {
  auto rows = ReadAll("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], "x, y");
  EXPECT_EQ(rows[1][1], "say \"hi\"");
  EXPECT_EQ(rows[2][0], "multi\nline");
  EXPECT_EQ(rows[2][1], "");
}

TEST(CsvReader, LastLineWithoutNewline) {
  auto rows = ReadAll("a,b\nc,d");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][1], "d");
}

TEST(CsvReader, NamesTheLineOfMalformedQuotes) {
  std::vector<std::string> fields;
  CsvReader unclosed("ok\n\"never closed\n");
  ASSERT_TRUE(unclosed.Next(fields));
  auto bad = unclosed.Next(fields);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("line 2"), std::string::npos);
  CsvReader trailing("\"a\"b,c\n");
  EXPECT_FALSE(trailing.Next(fields));
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"x\""), "\"say \"\"x\"\"\"");
}

}  // namespace
}  // namespace plenary::formats
