#include <random>
#include <string>

#include <gtest/gtest.h>

#include "engines/search/index.h"
#include "engines/search/ranking.h"

namespace plenary::search {
namespace {

Index Sample(int docs) {
  std::mt19937 random(5);
  Index index;
  const char* words[] = {"enhanc", "cooper", "govern", "internet", "polici", "tunis", "agenda"};
  for (int d = 0; d < docs; ++d) {
    std::string terms;
    for (int w = 0; w < 1 + d % 30; ++w) {
      terms += std::string(w ? " " : "") + words[random() % 7];
    }
    std::string facets = "process1 group" + std::to_string(d % 3);
    EXPECT_TRUE(index.Add(10 + 2 * d, terms, facets).ok());
  }
  return index;
}

TEST(SnapshotTest, ReadsBackAnIndexThatSearchesTheSame) {
  Index index = Sample(1000);
  auto copy = Index::FromSnapshot(index.Snapshot());
  ASSERT_TRUE(copy.has_value()) << copy.error().ToString();
  EXPECT_EQ(copy->size(), index.size());
  EXPECT_EQ(copy->max_id(), index.max_id());
  for (const Query& q :
       {Query{{{"cooper"}, {"govern", "polici"}}, {{"group1"}}}, Query{{{"tunis"}, {"agenda"}}, {}},
        Query{{{"internet"}}, {{"process1"}}}}) {
    auto a = Search(index, q, 25);
    auto b = Search(*copy, q, 25);
    ASSERT_EQ(a.size(), b.size());
    ASSERT_FALSE(a.empty());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].id, b[i].id);
      EXPECT_EQ(a[i].score, b[i].score);
    }
  }
  // It goes on growing from where it was.
  EXPECT_TRUE(copy->Add(index.max_id() + 1, "cooper", "group9").ok());
  EXPECT_FALSE(copy->Add(index.max_id(), "cooper", "group9").ok());
  EXPECT_EQ(Search(*copy, {{{"cooper"}}, {{"group9"}}}, 5).size(), 1u);
  EXPECT_TRUE(Index::FromSnapshot(Index().Snapshot()).has_value());  // an empty one too
}

TEST(SnapshotTest, RefusesEveryTruncationAndOtherFiles) {
  std::string bytes = Sample(300).Snapshot();
  for (size_t cut = 0; cut < bytes.size(); cut += 1 + cut / 50) {
    auto read = Index::FromSnapshot(std::string_view(bytes).substr(0, cut));
    EXPECT_FALSE(read.has_value()) << "cut at " << cut;
  }
  EXPECT_FALSE(Index::FromSnapshot(bytes + "x").has_value());
  EXPECT_FALSE(Index::FromSnapshot("SQLite format 3").has_value());
  auto refused = Index::FromSnapshot("");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), StatusCode::kInvalidArgument);
}

// Flipped bytes are refused or give an index that is safe to search (the fuzz target
// tests/fuzz/search_snapshot_fuzz.cc does more of this).
TEST(SnapshotTest, CorruptBytesNeverMakeASearchReadOutOfBounds) {
  std::string clean = Sample(200).Snapshot();
  std::mt19937 random(9);
  int refused = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    std::string bytes = clean;
    for (int flips = 0; flips < 1 + trial % 4; ++flips) {
      bytes[random() % bytes.size()] ^= static_cast<char>(1 << (random() % 8));
    }
    auto read = Index::FromSnapshot(bytes);
    if (!read) {
      ++refused;
      continue;
    }
    Search(*read, {{{"cooper"}, {"tunis", "agenda"}}, {{"group1", "group2"}}}, 10);
  }
  EXPECT_GT(refused, 1000);
}

}  // namespace
}  // namespace plenary::search
