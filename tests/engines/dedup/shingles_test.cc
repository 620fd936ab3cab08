#include "engines/dedup/shingles.h"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "engines/dedup/tokenizer.h"

namespace plenary::dedup {
namespace {

Tokens Tokenize(std::string_view text) {
  auto tokenizer = Tokenizer::Create();
  Tokens tokens;
  EXPECT_TRUE(tokenizer.has_value() && tokenizer->Tokenize(text, &tokens).ok());
  return tokens;
}

TEST(HashShingles, GivesOneShinglePerWindow) {
  const std::vector<uint64_t> units = {1, 2, 3, 4, 5, 6, 7};
  std::vector<uint64_t> shingles;
  HashShingles(units, 5, &shingles);
  EXPECT_EQ(shingles.size(), 3u);
  HashShingles(units, 1, &shingles);
  EXPECT_EQ(shingles.size(), 7u);
}

TEST(HashShingles, ShortTextsAreOneShingle) {
  std::vector<uint64_t> shingles;
  HashShingles(std::vector<uint64_t>{1, 2}, 5, &shingles);
  EXPECT_EQ(shingles.size(), 1u);
  HashShingles(std::vector<uint64_t>{}, 5, &shingles);
  EXPECT_TRUE(shingles.empty());
}

TEST(HashShingles, DependsOnWordOrder) {
  std::vector<uint64_t> forward;
  std::vector<uint64_t> backward;
  HashShingles(std::vector<uint64_t>{11, 22, 33}, 3, &forward);
  HashShingles(std::vector<uint64_t>{33, 22, 11}, 3, &backward);
  EXPECT_NE(forward, backward);
}

TEST(ShingleSet, IgnoresCaseAndPunctuationButNotWords) {
  const auto a = ShingleSet(Tokenize("The open internet must stay open for everyone."), 3, 3, 1);
  const auto b = ShingleSet(Tokenize("the OPEN internet, must stay open -- for everyone"), 3, 3, 1);
  const auto c = ShingleSet(Tokenize("The open internet must stay closed for everyone."), 3, 3, 1);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(a.size(), 6u);  // 8 words, 3-grams
}

TEST(ShingleSet, UsesCharacterNgramsForChinese) {
  const Tokens tokens = Tokenize("我们支持网络中立。");
  ASSERT_TRUE(tokens.no_space_script());
  // 8 characters, 4-grams: 5 shingles, whatever the dictionary's word boundaries.
  EXPECT_EQ(ShingleSet(tokens, 5, 4, 1).size(), 5u);
}

TEST(ShingleSet, DependsOnTheSeed) {
  const Tokens tokens = Tokenize("one two three four five six");
  EXPECT_NE(ShingleSet(tokens, 2, 2, 1), ShingleSet(tokens, 2, 2, 2));
  EXPECT_EQ(ShingleSet(tokens, 2, 2, 1), ShingleSet(tokens, 2, 2, 1));
}

TEST(HashSequence, EqualForEqualNormalisedTexts) {
  std::vector<uint64_t> a;
  std::vector<uint64_t> b;
  HashUnits(Tokenize("Stop the rule!"), 9, &a);
  HashUnits(Tokenize("stop THE rule"), 9, &b);
  EXPECT_EQ(HashSequence(a, 9), HashSequence(b, 9));
  HashUnits(Tokenize("stop the rules"), 9, &b);
  EXPECT_NE(HashSequence(a, 9), HashSequence(b, 9));
}

TEST(HasOneDistinctUnit, SpotsRepeatedWords) {
  EXPECT_TRUE(HasOneDistinctUnit(std::vector<uint64_t>{4, 4, 4}));
  EXPECT_TRUE(HasOneDistinctUnit(std::vector<uint64_t>{}));
  EXPECT_FALSE(HasOneDistinctUnit(std::vector<uint64_t>{4, 4, 5}));
}

}  // namespace
}  // namespace plenary::dedup
