#include "formats/polis/comments_csv.h"

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

TEST(ParseCommentsCsv, ReadsClassicColumns) {
  const std::string text =
      "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
      "1403067224363,Wed Jun 18 11:53:44 WIB 2014,48,215,38,18,1,\"Pay, \"\"fairly\"\"\"\n"
      "1403067224364,x,49,216,0,0,-1,\"two\nlines\"\n";
  auto comments = ParseCommentsCsv(text);
  ASSERT_TRUE(comments.has_value()) << comments.error().ToString();
  ASSERT_EQ(comments->size(), 2u);
  EXPECT_EQ((*comments)[0].comment_id, 48);
  EXPECT_EQ((*comments)[0].agrees, 38);
  EXPECT_EQ((*comments)[0].disagrees, 18);
  EXPECT_EQ((*comments)[0].moderated, 1);
  EXPECT_EQ((*comments)[0].body, "Pay, \"fairly\"");
  EXPECT_EQ((*comments)[1].moderated, -1);
  EXPECT_EQ((*comments)[1].body, "two\nlines");
  EXPECT_FALSE((*comments)[1].group_informed_consensus.has_value());
}

TEST(ParseCommentsCsv, ReadsExtendedColumns) {
  const std::string text =
      "timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,"
      "group-informed-consensus,comment-body\n"
      "1,5,2,10,3,1,true,false,0.125,Body\n";
  auto comments = ParseCommentsCsv(text);
  ASSERT_TRUE(comments.has_value()) << comments.error().ToString();
  EXPECT_TRUE(comments->at(0).is_meta);
  EXPECT_FALSE(comments->at(0).is_seed);
  EXPECT_EQ(comments->at(0).group_informed_consensus, 0.125);
}

TEST(ParseCommentsCsv, ErrorsNameLineAndColumn) {
  const std::string text = "timestamp,comment-id,moderated,comment-body\n1,2,1,a\n1,3,5,b\n";
  auto comments = ParseCommentsCsv(text);
  ASSERT_FALSE(comments.has_value());
  EXPECT_EQ(comments.error().message(),
            "comments.csv line 3, column 3 (moderated): expected -1, 0 or 1, got \"5\"");
  auto missing = ParseCommentsCsv("timestamp,body\n");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message(), "comments.csv line 1: header has no comment-id column");
}

TEST(WriteCommentsCsv, RoundTripsBothLayouts) {
  std::vector<CommentRecord> comments(2);
  comments[0] = {1, "d", 4, 9, 3, 1, 1, false, true, 0.5, "A, \"quoted\" body"};
  comments[1] = {2, "e", 5, 8, 0, 2, -1, true, false, std::nullopt, "multi\nline"};
  auto extended = ParseCommentsCsv(WriteCommentsCsv(comments, true));
  ASSERT_TRUE(extended.has_value());
  EXPECT_EQ(*extended, comments);
  auto classic = ParseCommentsCsv(WriteCommentsCsv(comments, false));
  ASSERT_TRUE(classic.has_value());
  EXPECT_EQ(classic->at(0).body, comments[0].body);
  EXPECT_FALSE(classic->at(0).is_seed);
}

TEST(WriteCommentsCsv, ReproducesTheSharedExportsByteForByte) {
  const std::filesystem::path root = std::filesystem::path(PLENARY_SHARED_DIR) / "data/polis";
  if (!std::filesystem::exists(root)) {
    GTEST_SKIP() << "no shared Polis data";
  }
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (!entry.is_directory()) {
      continue;
    }
    const std::string text = ReadText(entry.path() / "comments.csv");
    auto comments = ParseCommentsCsv(text);
    ASSERT_TRUE(comments.has_value()) << entry.path() << comments.error().ToString();
    EXPECT_FALSE(comments->empty());
    EXPECT_EQ(WriteCommentsCsv(*comments, false), text) << entry.path();
  }
}

}  // namespace
}  // namespace plenary::polis
