#include "formats/polis/votes_csv.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>

namespace plenary::polis {
namespace {

TEST(ParseVotesCsv, ReadsRowsByHeaderName) {
  const std::string text =
      "timestamp,datetime,comment-id,voter-id,vote\n"
      "1403054214196,Wed Jun 18 08:16:54 WIB 2014,0,7,1\n"
      "1403057082753,Wed Jun 18 09:04:42 WIB 2014,3,1,-1\r\n"
      "1403057082754,\"Wed, quoted\",4,2,0\n";
  auto votes = ParseVotesCsv(text);
  ASSERT_TRUE(votes.has_value()) << votes.error().ToString();
  const std::vector<VoteRecord> want = {
      {1403054214196, 0, 7, 1}, {1403057082753, 3, 1, -1}, {1403057082754, 4, 2, 0}};
  EXPECT_EQ(*votes, want);
}

TEST(ParseVotesCsv, ColumnOrderDoesNotMatter) {
  auto votes = ParseVotesCsv("vote,voter-id,comment-id\n-1,5,9\n");
  ASSERT_TRUE(votes.has_value());
  EXPECT_EQ(votes->at(0), (VoteRecord{0, 9, 5, -1}));
}

TEST(ParseVotesCsv, ErrorsNameLineAndColumn) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"timestamp,comment-id,voter-id,vote\n1,2,3,1\n1,2,3,2\n",
       "votes.csv line 3, column 4 (vote): expected -1, 0 or 1, got \"2\""},
      {"timestamp,comment-id,voter-id,vote\n1,x,3,1\n",
       "votes.csv line 2, column 2 (comment-id): expected an integer, got \"x\""},
      {"timestamp,comment-id,voter-id,vote\n1,2,3\n",
       "votes.csv line 2: expected 4 fields, found 3"},
      {"timestamp,comment-id,vote\n",
       "votes.csv line 1: header needs the columns comment-id, "
       "voter-id and vote"},
      {"timestamp,comment-id,voter-id,vote\n\"1\",2,3,7\n",
       "votes.csv line 2, column 4 (vote): expected -1, 0 or 1, got \"7\""},
  };
  for (const Case& c : cases) {
    auto votes = ParseVotesCsv(c.text);
    ASSERT_FALSE(votes.has_value()) << c.text;
    EXPECT_EQ(votes.error().message(), c.message);
  }
}

TEST(WriteVotesCsv, RoundTrips) {
  std::mt19937_64 random(7);
  std::vector<VoteRecord> votes;
  for (int i = 0; i < 1000; ++i) {
    votes.push_back({1400000000000 + static_cast<int64_t>(random() % 100000000),
                     static_cast<int64_t>(random() % 50), static_cast<int64_t>(random() % 300),
                     static_cast<int8_t>(static_cast<int>(random() % 3) - 1)});
  }
  auto parsed = ParseVotesCsv(WriteVotesCsv(votes));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, votes);
}

TEST(FormatPolisDatetime, MatchesExportStyleInUtc) {
  // 1403054214196 ms is 2014-06-18 01:16:54 UTC (the export shows 08:16:54 WIB = UTC+7).
  EXPECT_EQ(FormatPolisDatetime(1403054214196), "Wed Jun 18 01:16:54 UTC 2014");
}

TEST(ParseVotesCsv, ReadsTheSharedExports) {
  const std::filesystem::path root = std::filesystem::path(PLENARY_SHARED_DIR) / "data/polis";
  if (!std::filesystem::exists(root)) {
    GTEST_SKIP() << "no shared Polis data";
  }
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (!entry.is_directory()) {
      continue;
    }
    std::ifstream in(entry.path() / "votes.csv");
    std::stringstream text;
    text << in.rdbuf();
    const std::string body = text.str();
    auto votes = ParseVotesCsv(body);
    ASSERT_TRUE(votes.has_value()) << entry.path() << votes.error().ToString();
    const size_t lines = std::count(body.begin(), body.end(), '\n');
    EXPECT_EQ(votes->size() + 1, lines) << entry.path();
  }
}

}  // namespace
}  // namespace plenary::polis
