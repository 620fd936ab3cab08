#include "formats/polis/participants_votes_csv.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace plenary::polis {
namespace {

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ParseParticipantsVotesCsv, ReadsGroupsCountsAndCells) {
  const std::string text =
      "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,3\n"
      "0,1,2,3,1,1,1,-1,0\n"
      "5,,0,1,0,0,,,0\n";
  auto table = ParseParticipantsVotesCsv(text);
  ASSERT_TRUE(table.has_value()) << table.error().ToString();
  EXPECT_EQ(table->comment_ids, (std::vector<int64_t>{0, 1, 3}));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].group_id, 1);
  EXPECT_EQ(table->rows[0].votes, (std::vector<int8_t>{1, -1, 0}));
  EXPECT_FALSE(table->rows[1].group_id.has_value());
  EXPECT_EQ(table->rows[1].votes, (std::vector<int8_t>{kNoVote, kNoVote, 0}));
  EXPECT_EQ(WriteParticipantsVotesCsv(*table), text);
}

TEST(ParseParticipantsVotesCsv, ReadsXidColumn) {
  const std::string text =
      "participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,7\n"
      "3,\"a,b\",0,0,1,1,0,1\n";
  auto table = ParseParticipantsVotesCsv(text);
  ASSERT_TRUE(table.has_value());
  EXPECT_TRUE(table->has_xid);
  EXPECT_EQ(table->rows[0].xid, "a,b");
  EXPECT_EQ(WriteParticipantsVotesCsv(*table), text);
}

TEST(ParseParticipantsVotesCsv, ErrorsNameLineAndColumn) {
  const std::string text =
      "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n"
      "0,1,2,3,1,1,1,-1\n"
      "1,0,2,3,1,1,1,2\n";
  auto table = ParseParticipantsVotesCsv(text);
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().message(),
            "participants-votes.csv line 3, column 8 (comment): expected -1, 0, 1 or nothing, "
            "got \"2\"");
}

TEST(WriteParticipantsVotesCsv, ReproducesTheSharedExportsByteForByte) {
  const std::filesystem::path root = std::filesystem::path(PLENARY_SHARED_DIR) / "data/polis";
  if (!std::filesystem::exists(root)) {
    GTEST_SKIP() << "no shared Polis data";
  }
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (!entry.is_directory()) {
      continue;
    }
    const std::string text = ReadText(entry.path() / "participants-votes.csv");
    auto table = ParseParticipantsVotesCsv(text);
    ASSERT_TRUE(table.has_value()) << entry.path() << table.error().ToString();
    EXPECT_FALSE(table->rows.empty());
    EXPECT_EQ(WriteParticipantsVotesCsv(*table), text) << entry.path();
  }
}

}  // namespace
}  // namespace plenary::polis
