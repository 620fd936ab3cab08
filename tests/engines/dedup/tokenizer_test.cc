#include "engines/dedup/tokenizer.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::dedup {
namespace {

std::vector<std::string> Words(std::string_view text) {
  auto tokenizer = Tokenizer::Create();
  EXPECT_TRUE(tokenizer.has_value());
  Tokens tokens;
  EXPECT_TRUE(tokenizer->Tokenize(text, &tokens).ok());
  return tokens.ToStrings();
}

using Strings = std::vector<std::string>;

TEST(Tokenizer, FoldsCaseAndDropsPunctuation) {
  EXPECT_EQ(Words("Hello, WORLD!  Hello... world?"), (Strings{"hello", "world", "hello", "world"}));
}

TEST(Tokenizer, FoldsPunctuationInsideWords) {
  EXPECT_EQ(Words("Don't pay $3,000.50 e.g. now"), (Strings{"dont", "pay", "300050", "eg", "now"}));
  // A typographic apostrophe folds like the ASCII one.
  EXPECT_EQ(Words("don\u2019t"), Words("don't"));
}

TEST(Tokenizer, AppliesNfkcAndFullCaseFolding) {
  // Full-width letters, a ligature, the German sharp s and a composed accent.
  EXPECT_EQ(Words("\uFF28\uFF45\uFF4C\uFF4C\uFF4F \uFB01ne STRASSE stra\u00DFe"),
            (Strings{"hello", "fine", "strasse", "strasse"}));
  // Decomposed e + combining acute equals the precomposed letter.
  EXPECT_EQ(Words("Caf\u00E9"), Words("Cafe\u0301"));
}

TEST(Tokenizer, KeepsAccentsAndOtherAlphabets) {
  EXPECT_EQ(Words("Él está AQUÍ"), (Strings{"él", "está", "aquí"}));
  EXPECT_EQ(Words("Привет, МИР"), (Strings{"привет", "мир"}));
}

TEST(Tokenizer, SplitsChineseByDictionaryAndMarksNoSpaceScript) {
  auto tokenizer = Tokenizer::Create();
  ASSERT_TRUE(tokenizer.has_value());
  Tokens tokens;
  ASSERT_TRUE(tokenizer->Tokenize("我们支持网络中立原则。", &tokens).ok());
  EXPECT_TRUE(tokens.no_space_script());
  EXPECT_GE(tokens.size(), 3u);  // words, not one run and not single characters only
  std::string joined;
  for (const std::string& word : tokens.ToStrings()) {
    joined += word;
  }
  EXPECT_EQ(joined, "我们支持网络中立原则");  // the full stop is gone
}

TEST(Tokenizer, HandlesJapaneseAndMixedText) {
  auto tokenizer = Tokenizer::Create();
  ASSERT_TRUE(tokenizer.has_value());
  Tokens tokens;
  ASSERT_TRUE(tokenizer->Tokenize("私はこの規則に反対します", &tokens).ok());
  EXPECT_TRUE(tokens.no_space_script());
  EXPECT_GE(tokens.size(), 4u);
  ASSERT_TRUE(tokenizer->Tokenize("The word 中立 appears in English text", &tokens).ok());
  EXPECT_FALSE(tokens.no_space_script());
}

TEST(Tokenizer, RefusesInvalidUtf8) {
  auto tokenizer = Tokenizer::Create();
  ASSERT_TRUE(tokenizer.has_value());
  Tokens tokens;
  for (std::string bad : {std::string("abc\xff"), std::string("\xc3"), std::string("\xed\xa0\x80"),
                          std::string("\xc0\xaf")}) {
    const Status status = tokenizer->Tokenize(bad, &tokens);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  }
}

TEST(Tokenizer, EmptyAndPunctuationOnlyGiveNoWords) {
  EXPECT_TRUE(Words("").empty());
  EXPECT_TRUE(Words(" \t\n!!! ... ---").empty());
}

}  // namespace
}  // namespace plenary::dedup
