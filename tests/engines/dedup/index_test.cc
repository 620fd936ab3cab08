#include "engines/dedup/index.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::dedup {
namespace {

// A text of `words` pseudo-words drawn from a large vocabulary.
std::string RandomText(std::mt19937_64& random, int words) {
  std::string text;
  for (int i = 0; i < words; ++i) {
    text += 'w';
    text += std::to_string(random() % 50000);
    text += i % 12 == 11 ? ". " : " ";
  }
  return text;
}

// Replaces `count` words of `text` (by position) with fresh ones.
std::string ChangeWords(std::string text, int count, std::mt19937_64& random) {
  for (int i = 0; i < count; ++i) {
    const size_t at = text.find(' ', random() % text.size());
    if (at != std::string::npos && at + 1 < text.size()) {
      std::string word = std::to_string(random() % 1000);
      word.insert(0, "new").push_back(' ');
      text.insert(at + 1, word);
    }
  }
  return text;
}

Index MakeIndex(Options options = {}) {
  auto index = Index::Create(options);
  EXPECT_TRUE(index.has_value());
  return std::move(*index);
}

TEST(Index, JoinsExactDuplicatesAfterNormalisation) {
  Index index = MakeIndex();
  const auto a = index.Add({"Please keep the internet open and free for all of us."});
  const auto b = index.Add({"please KEEP the internet open, and free for all of us!!"});
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(index.ClusterOf(*a), index.ClusterOf(*b));
  EXPECT_EQ(index.VariantOf(*a), index.VariantOf(*b));
}

TEST(Index, JoinsNearDuplicatesAndKeepsOthersApart) {
  std::mt19937_64 random(1);
  Index index = MakeIndex();
  const std::string base = RandomText(random, 250);
  const auto original = index.Add({base});
  const auto edited = index.Add({ChangeWords(base, 3, random)});
  const auto unrelated = index.Add({RandomText(random, 250)});
  // A near miss: shares a third of the text.
  const auto near_miss = index.Add({base.substr(0, base.size() / 3) + RandomText(random, 170)});
  ASSERT_TRUE(original && edited && unrelated && near_miss);
  EXPECT_EQ(index.ClusterOf(*original), index.ClusterOf(*edited));
  EXPECT_NE(index.ClusterOf(*original), index.ClusterOf(*unrelated));
  EXPECT_NE(index.ClusterOf(*original), index.ClusterOf(*near_miss));
  EXPECT_GT(index.EstimateSimilarity(*original, *edited), 0.8);
}

// Random campaigns: some texts copied with a few words changed, others unique.
std::vector<std::string> MixedTexts(uint64_t seed, int count) {
  std::mt19937_64 random(seed);
  std::vector<std::string> templates;
  for (int i = 0; i < 8; ++i) {
    templates.push_back(RandomText(random, 120 + 40 * i));
  }
  std::vector<std::string> texts;
  for (int i = 0; i < count; ++i) {
    if (random() % 3 == 0) {
      texts.push_back(RandomText(random, 80));
    } else {
      texts.push_back(ChangeWords(templates[random() % templates.size()], random() % 4, random));
    }
  }
  return texts;
}

std::vector<DocId> Roots(const Index& index) {
  std::vector<DocId> roots;
  for (DocId d = 0; d < index.size(); ++d) {
    roots.push_back(index.ClusterOf(d));
  }
  return roots;
}

TEST(Index, IncrementalAddsEqualOneBatchWhateverTheThreads) {
  const std::vector<std::string> texts = MixedTexts(3, 600);
  std::vector<Comment> comments;
  for (const std::string& t : texts) {
    comments.push_back({t});
  }
  Index one_by_one = MakeIndex({.threads = 1});
  for (const Comment& c : comments) {
    ASSERT_TRUE(one_by_one.Add(c).has_value());
  }
  Index batched = MakeIndex({.threads = 3});
  ASSERT_EQ(batched.AddBatch(std::span(comments).first(250)).size(), 250u);
  ASSERT_EQ(batched.AddBatch(std::span(comments).subspan(250)).size(), 350u);
  EXPECT_EQ(Roots(one_by_one), Roots(batched));
  EXPECT_EQ(one_by_one.Clusters(), batched.Clusters());
  EXPECT_EQ(batched.Clusters(2).size(), 8u);  // one per template
}

TEST(Index, NewCommentsJoinExistingClusters) {
  const std::vector<std::string> texts = MixedTexts(4, 300);
  Index index = MakeIndex();
  for (size_t i = 0; i < 200; ++i) {
    ASSERT_TRUE(index.Add({texts[i]}).has_value());
  }
  const auto before = Roots(index);
  for (size_t i = 200; i < texts.size(); ++i) {
    ASSERT_TRUE(index.Add({texts[i]}).has_value());
  }
  // Earlier comments only ever gain companions: no cluster of theirs is split.
  for (DocId a = 0; a < 200; ++a) {
    for (DocId b = a + 1; b < 200; ++b) {
      if (before[a] == before[b]) {
        ASSERT_EQ(index.ClusterOf(a), index.ClusterOf(b));
      }
    }
  }
}

TEST(Index, IsDeterministicForASeedAndChangesWithIt) {
  const std::vector<std::string> texts = MixedTexts(5, 300);
  auto run = [&](uint64_t seed) {
    Index index = MakeIndex({.seed = seed, .threads = 2});
    std::vector<Comment> comments;
    for (const std::string& t : texts) {
      comments.push_back({t});
    }
    index.AddBatch(comments);
    return std::make_pair(Roots(index), index.verifications());
  };
  EXPECT_EQ(run(1), run(1));
  EXPECT_EQ(run(2).first.size(), run(1).first.size());
}

TEST(Index, RefusesBadInputWithAClearStatusAndKeepsItOutOfClusters) {
  Index index = MakeIndex({.max_text_bytes = 2u << 20});
  const std::vector<std::pair<std::string, StatusCode>> cases = {
      {"", StatusCode::kInvalidArgument},
      {"   \n\t ", StatusCode::kInvalidArgument},
      {"!!! ??? ...", StatusCode::kInvalidArgument},
      {"spam spam spam spam spam spam spam", StatusCode::kInvalidArgument},
      {"SPAM, spam; Spam!", StatusCode::kInvalidArgument},
      {"valid start \xff\xfe then junk", StatusCode::kInvalidArgument},
      {"truncated \xe4\xb8", StatusCode::kInvalidArgument},
      {std::string(3u << 20, 'a'), StatusCode::kResourceExhausted},
  };
  for (int copy = 0; copy < 12; ++copy) {
    for (const auto& [text, code] : cases) {
      const auto result = index.Add({text});
      ASSERT_FALSE(result.has_value());
      EXPECT_EQ(result.error().code(), code) << result.error().ToString();
      EXPECT_FALSE(result.error().message().empty());
    }
  }
  EXPECT_EQ(index.size(), 0u);
  EXPECT_TRUE(index.Clusters().empty());
}

TEST(Index, HandlesAMegabyteLine) {
  std::mt19937_64 random(6);
  std::string huge;
  while (huge.size() < (1u << 20)) {
    huge += RandomText(random, 1000);
  }
  Index index = MakeIndex();
  const auto a = index.Add({huge});
  const auto b = index.Add({ChangeWords(huge, 50, random)});
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(index.ClusterOf(*a), index.ClusterOf(*b));
}

TEST(Index, RefusesUnusableOptions) {
  EXPECT_FALSE(Index::Create({.num_bins = 2}).has_value());
  EXPECT_FALSE(Index::Create({.threshold = 0}).has_value());
  EXPECT_FALSE(Index::Create({.threads = 0}).has_value());
  EXPECT_FALSE(Index::Create({.shingle_words = 0}).has_value());
}

TEST(Index, ShortTextsClusterOnlyWhenEqual) {
  Index index = MakeIndex();
  const auto a = index.Add({"I support this rule"});
  const auto b = index.Add({"i support THIS rule."});
  const auto c = index.Add({"I oppose this rule"});
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(index.ClusterOf(*a), index.ClusterOf(*b));
  EXPECT_NE(index.ClusterOf(*a), index.ClusterOf(*c));
}

}  // namespace
}  // namespace plenary::dedup
