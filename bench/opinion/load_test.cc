// LoadVotes (load.cc) against loading one vote at a time: the same conversation, held-out votes
// and errors, over files of several chunks.
#include "load.h"

#include <fstream>
#include <random>
#include <string>

#include <gtest/gtest.h>

namespace plenary::bench {
namespace {

class LoadVotesTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("load_votes_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path Write(const std::string& text) {
    const std::filesystem::path file = dir_ / "votes.csv";
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  std::filesystem::path dir_;
};

// ~17 MB of votes (several 4 MB chunks), some with CRLF, the last without a line end.
std::string ManyVotes(int lines) {
  std::mt19937_64 random(17);
  std::string text = "timestamp,datetime,comment-id,voter-id,vote\n";
  for (int i = 0; i < lines; ++i) {
    text += std::to_string(1500000000000 + i) + ",Fri Jul 14 02:40:00 UTC 2017," +
            std::to_string(random() % 3000) + "," + std::to_string(random() % 20000) + "," +
            std::to_string(static_cast<int>(random() % 3) - 1);
    if (i + 1 < lines) {
      text += i % 7 == 0 ? "\r\n" : "\n";
    }
  }
  return text;
}

TEST_F(LoadVotesTest, MatchesAddingVotesOneByOne) {
  const std::string text = ManyVotes(300000);
  auto votes = polis::ParseVotesCsv(text);
  ASSERT_TRUE(votes.has_value());
  opinion::Conversation want;
  std::vector<polis::VoteRecord> want_held;
  for (size_t i = 0; i < votes->size(); ++i) {
    polis::VoteRecord v = (*votes)[i];
    if (HoldOutHash(i) % 100 < 3) {
      v.timestamp_ms = 0;  // LoadVotes does not read timestamps
      want_held.push_back(v);
    } else {
      want.AddVote(v.voter_id, v.comment_id, static_cast<opinion::Vote>(v.vote));
    }
  }
  want.ApplyVotes();

  opinion::Conversation got;
  std::vector<polis::VoteRecord> held;
  auto loaded = LoadVotes(Write(text), 3, got, held);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().ToString();
  got.ApplyVotes();
  EXPECT_EQ(loaded->votes + static_cast<int64_t>(held.size()), static_cast<int64_t>(votes->size()));
  EXPECT_EQ(held, want_held);
  EXPECT_EQ(got.participants().ids(), want.participants().ids());
  EXPECT_EQ(got.comments().ids(), want.comments().ids());
  EXPECT_EQ(got.matrix().row_start, want.matrix().row_start);
  EXPECT_EQ(got.matrix().col, want.matrix().col);
  EXPECT_EQ(got.matrix().value, want.matrix().value);
}

TEST_F(LoadVotesTest, ReportsTheFirstBadLineWithItsNumber) {
  std::string text = ManyVotes(300000);
  // Line n of the file starts after n - 1 line ends; spoil lines in the third and fourth 4 MB
  // chunks.
  auto spoil = [&text](int line, std::string_view with) {
    size_t at = 0;
    for (int n = 1; n < line; ++n) {
      at = text.find('\n', at) + 1;
    }
    text.replace(at, text.find_first_of("\r\n", at) - at, with);
  };
  spoil(260000, "1,d,2,3,x");
  spoil(160000, "1,d,2,3,2");
  opinion::Conversation conversation;
  std::vector<polis::VoteRecord> held;
  auto loaded = LoadVotes(Write(text), 3, conversation, held);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().message(),
            "votes.csv line 160000, column 5 (vote): expected -1, 0 or 1, got \"2\"");
}

TEST_F(LoadVotesTest, ReadsQuotedFieldsShortFilesAndEmptyOnes) {
  opinion::Conversation conversation;
  std::vector<polis::VoteRecord> held;
  auto loaded = LoadVotes(
      Write("timestamp,datetime,comment-id,voter-id,vote\n1,\"Wed, quoted\",4,2,-1\n5,d,4,3,1"), 0,
      conversation, held);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().ToString();
  EXPECT_EQ(loaded->votes, 2);
  EXPECT_EQ(conversation.participants().ids(), (std::vector<int64_t>{2, 3}));

  loaded = LoadVotes(Write("comment-id,voter-id,vote\n"), 0, conversation, held);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->votes, 0);

  loaded = LoadVotes(Write(""), 0, conversation, held);
  EXPECT_FALSE(loaded.has_value());
  loaded = LoadVotes(dir_ / "missing.csv", 0, conversation, held);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace plenary::bench
