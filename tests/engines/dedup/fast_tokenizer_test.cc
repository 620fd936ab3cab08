#include "engines/dedup/fast_tokenizer.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engines/dedup/tokenizer.h"

namespace plenary::dedup {
namespace {

// Characters the fast path covers (and some it must hand over): letters, digits, every mid-word
// punctuation class, white space, compatibility forms.
const std::vector<std::string>& Alphabet() {
  static const std::vector<std::string> alphabet = {
      "a",      "B",      "z",      "Q",      "0",      "7",      ".",      ",",      ";",
      ":",      "'",      "_",      "-",      " ",      "  ",     "\n",     "\t",     "!",
      "?",      "\"",     "(",      "é",      "Ñ",      "ß",      "Œ",      "ǆ",      "ĳ",
      "ª",      "²",      "½",      "\u00AD", "\u00A0", "·",      "Σ",      "ς",      "Ж",
      "ё",      "Ա",      "\u2019", "\u2018", "\u2026", "\u2014", "\u2024", "\u2027", "\u2044",
      "\u2002", "\u200B", "\u2063", "×",      "µ",      "\u0301", "İ",      "ſ",      "\u01C5",
      "\u0149", "\u037E", "\u0387", "\u055A", "\u058A", "\u2070", "\u00B4", "\u00A8", "ت",
      "ع",      "ا",      "ون",     "\u0640", "\u0663", "\u06F5", "\u060C", "\u061B", "\u061F",
      "\u066B", "\u066C", "\u06D4", "\u064E", "\u0670", "\u06C0"};
  return alphabet;
}

// UTF-8 of a code point below U+10000.
std::string Utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

TEST(FastTokenize, AgreesWithIcuOnRandomTexts) {
  auto tokenizer = Tokenizer::Create();
  ASSERT_TRUE(tokenizer.has_value());
  std::mt19937_64 random(42);
  FastScratch scratch;
  Tokens fast;
  Tokens icu;
  int fast_taken = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text;
    const int length = static_cast<int>(random() % 24);
    for (int i = 0; i < length; ++i) {
      text += Alphabet()[random() % Alphabet().size()];
    }
    fast.Clear();
    if (!FastTokenize(text, &scratch, &fast)) {
      continue;
    }
    ++fast_taken;
    ASSERT_TRUE(tokenizer->TokenizeWithIcuForTest(text, &icu).ok());
    ASSERT_EQ(fast.ToStrings(), icu.ToStrings()) << "text: [" << text << "]";
    ASSERT_FALSE(icu.no_space_script());
  }
  EXPECT_GT(fast_taken, 500);
}

TEST(FastTokenize, AgreesWithIcuOnEveryAsciiCharacter) {
  auto tokenizer = Tokenizer::Create();
  ASSERT_TRUE(tokenizer.has_value());
  std::mt19937_64 random(7);
  FastScratch scratch;
  Tokens fast;
  Tokens icu;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text;
    const int length = static_cast<int>(random() % 16);
    for (int i = 0; i < length; ++i) {
      // Mostly letters and digits, so that words form around the punctuation.
      const char c = static_cast<char>(random() % 3 == 0 ? random() % 128 : 'a' + random() % 3);
      text += random() % 5 == 0 ? '1' : c;
    }
    fast.Clear();
    ASSERT_TRUE(FastTokenize(text, &scratch, &fast));
    ASSERT_TRUE(tokenizer->TokenizeWithIcuForTest(text, &icu).ok());
    ASSERT_EQ(fast.ToStrings(), icu.ToStrings()) << "text: [" << text << "]";
  }
}

TEST(FastTokenize, AgreesWithIcuForEveryCoveredCharacterInContext) {
  auto tokenizer = Tokenizer::Create();
  ASSERT_TRUE(tokenizer.has_value());
  FastScratch scratch;
  Tokens fast;
  Tokens icu;
  int covered = 0;
  for (char32_t c = 0x20; c < 0x2070; ++c) {
    if (c >= 0xD800 || (c >= 0x530 && c < 0x600) || (c >= 0x700 && c < 0x2000)) {
      continue;
    }
    const std::string utf8 = Utf8(c);
    for (const char* context :
         {"ab#cd", "12#34", "a1#1b", "ab#12", "1#a", "#ab", "ab#", "a##b", "x. #y"}) {
      std::string text;
      for (char ch : std::string_view(context)) {
        text += ch == '#' ? utf8 : std::string(1, ch);
      }
      fast.Clear();
      if (!FastTokenize(text, &scratch, &fast)) {
        continue;
      }
      ++covered;
      ASSERT_TRUE(tokenizer->TokenizeWithIcuForTest(text, &icu).ok());
      ASSERT_EQ(fast.ToStrings(), icu.ToStrings())
          << "U+" << std::hex << static_cast<uint32_t>(c) << " in " << context;
    }
  }
  EXPECT_GT(covered, 10000);
}

TEST(FastTokenize, HandsOverOtherScripts) {
  FastScratch scratch;
  Tokens tokens;
  EXPECT_FALSE(FastTokenize("中立", &scratch, &tokens));
  EXPECT_FALSE(FastTokenize("e\u0301", &scratch, &tokens));  // a combining mark
  EXPECT_FALSE(FastTokenize("\U0001F600", &scratch, &tokens));
  EXPECT_TRUE(FastTokenize("plain ASCII, and Ünïcödé Latin", &scratch, &tokens));
  tokens.Clear();
  EXPECT_TRUE(FastTokenize("التعاون المعزز، ٢٠١٧", &scratch, &tokens));
  EXPECT_EQ(tokens.ToStrings(), (std::vector<std::string>{"التعاون", "المعزز", "٢٠١٧"}));
  EXPECT_FALSE(FastTokenize("التعاوُن", &scratch, &tokens));  // a vowel mark (Mn): ICU's
}

}  // namespace
}  // namespace plenary::dedup
