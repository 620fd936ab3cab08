#include "engines/dedup/personal_part.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::dedup {
namespace {

using Strings = std::vector<std::string>;

const char* kTemplate =
    "Dear Commissioner, I urge you to protect the open internet. Providers must not block or "
    "throttle lawful content.";

TEST(PersonalPart, FindsAddedAndChangedWordsOnly) {
  auto tokenizer = Tokenizer::Create();
  ASSERT_TRUE(tokenizer.has_value());
  auto extractor = PersonalPartExtractor::Create(&*tokenizer, kTemplate);
  ASSERT_TRUE(extractor.has_value());
  auto part = extractor->Extract(
      "DEAR COMMISSIONER, as a nurse in Lyon I urge you to protect the free internet! Providers "
      "must not block or throttle lawful content.");
  ASSERT_TRUE(part.has_value());
  EXPECT_EQ(part->AddedWords(), (Strings{"as", "a", "nurse", "in", "lyon", "free"}));
  EXPECT_EQ(part->AddedPhrases(), (Strings{"as a nurse in lyon", "free"}));
  ASSERT_EQ(part->edits.size(), 2u);
  EXPECT_EQ(part->edits[1].removed, (Strings{"open"}));
  // Case and punctuation alone are not personal.
  auto same = extractor->Extract(
      "dear commissioner i urge you to protect the open internet "
      "providers must not block or throttle lawful content");
  ASSERT_TRUE(same.has_value());
  EXPECT_TRUE(same->empty());
}

TEST(PersonalPart, DeletionsAddNothing) {
  auto tokenizer = Tokenizer::Create();
  ASSERT_TRUE(tokenizer.has_value());
  auto extractor = PersonalPartExtractor::Create(&*tokenizer, kTemplate);
  ASSERT_TRUE(extractor.has_value());
  auto part = extractor->Extract("I urge you to protect the open internet.");
  ASSERT_TRUE(part.has_value());
  EXPECT_TRUE(part->AddedWords().empty());
  EXPECT_FALSE(part->empty());
}

TEST(PersonalPart, WorksOnChineseWords) {
  auto tokenizer = Tokenizer::Create();
  ASSERT_TRUE(tokenizer.has_value());
  auto extractor = PersonalPartExtractor::Create(&*tokenizer, "我们坚决支持网络中立原则。");
  ASSERT_TRUE(extractor.has_value());
  auto part = extractor->Extract("我是一名教师，我们坚决支持网络中立原则。");
  ASSERT_TRUE(part.has_value());
  ASSERT_EQ(part->AddedPhrases().size(), 1u);
  EXPECT_EQ(part->AddedPhrases()[0], "我是一名教师");
}

TEST(PersonalPart, RefusesInvalidUtf8) {
  auto tokenizer = Tokenizer::Create();
  ASSERT_TRUE(tokenizer.has_value());
  auto extractor = PersonalPartExtractor::Create(&*tokenizer, kTemplate);
  ASSERT_TRUE(extractor.has_value());
  EXPECT_EQ(extractor->Extract("bad \xc3\x28").error().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(PersonalPartExtractor::Create(&*tokenizer, "\xff").has_value());
}

TEST(SummarizeAdditions, RanksTheMostFrequentPhrases) {
  std::vector<PersonalPart> parts(4);
  parts[0].edits.push_back({0, {}, {"as", "a", "nurse"}});
  parts[1].edits.push_back({0, {}, {"as", "a", "nurse"}});
  parts[2].edits.push_back({3, {"open"}, {"free"}});
  parts[3].edits.push_back({5, {"gone"}, {}});
  const auto top = SummarizeAdditions(parts, 5);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0], (std::pair<std::string, size_t>{"as a nurse", 2}));
  EXPECT_EQ(top[1], (std::pair<std::string, size_t>{"free", 1}));
  EXPECT_EQ(SummarizeAdditions(parts, 1).size(), 1u);
}

}  // namespace
}  // namespace plenary::dedup
