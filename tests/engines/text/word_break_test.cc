// The table-driven word breaker against ICU's break iterator, which it replaces for alphabetic
// texts: the same words at the same byte offsets with the same rule statuses, on every character
// it takes, on random strings, and on the bench's texts; and the same terms from the Analyzer.
#include "engines/text/word_break.h"

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include "engines/text/analyzer.h"

namespace plenary::text {

bool operator==(const WordSpan& a, const WordSpan& b) {
  return a.begin == b.begin && a.end == b.end && a.kind == b.kind;
}

namespace {

std::string Show(const std::vector<WordSpan>& words, std::string_view text) {
  std::string out;
  for (const WordSpan& w : words) {
    out += "[" + std::string(text.substr(w.begin, w.end - w.begin)) + "]" + std::to_string(w.kind) +
           " ";
  }
  return out;
}

// The words ICU's root word break iterator finds (rule status >= 100), as BreakWordsWithoutIcu
// lists them.
class IcuWords {
 public:
  IcuWords() {
    UErrorCode status = U_ZERO_ERROR;
    breaker_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    EXPECT_TRUE(U_SUCCESS(status));
  }
  ~IcuWords() { utext_close(&text_); }

  std::vector<WordSpan> operator()(std::string_view utf8) {
    std::vector<WordSpan> out;
    UErrorCode status = U_ZERO_ERROR;
    utext_openUTF8(&text_, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
    breaker_->setText(&text_, status);
    int32_t begin = breaker_->first();
    for (int32_t end = breaker_->next(); end != icu::BreakIterator::DONE;
         begin = end, end = breaker_->next()) {
      const int32_t rule = breaker_->getRuleStatus();
      if (rule >= UBRK_WORD_NONE_LIMIT) {
        out.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end), rule / 100});
      }
    }
    return out;
  }

 private:
  std::unique_ptr<icu::BreakIterator> breaker_;
  UText text_ = UTEXT_INITIALIZER;
};

std::string Utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// Counts the texts the table took; fails the test on any difference from ICU.
struct Checker {
  IcuWords icu;
  std::vector<WordSpan> words;
  int taken = 0;
  int handed_over = 0;

  void Check(std::string_view text) {
    if (!BreakWordsWithoutIcu(text, &words)) {
      ++handed_over;
      return;
    }
    ++taken;
    const std::vector<WordSpan> expected = icu(text);
    ASSERT_EQ(words, expected) << "text: '" << text << "'\n table: " << Show(words, text)
                               << "\n   ICU: " << Show(expected, text);
  }
};

// One or two of each class the table handles, and some it must hand over.
const std::vector<std::string>& Alphabet() {
  static const std::vector<std::string> alphabet = {
      "a",          "Z",      "é",      "ß",      "Ж",      "ё",      "ب",      "ة",      "Σ",
      "Ա",          "0",      "7",      "٣",      "۵",      ".",      ",",      ";",      ":",
      "'",          "_",      "-",      " ",      "\n",     "\r",     "\t",     "!",      "\"",
      "@",          "·",      "\u00AD", "\u00A0", "\u0301", "\u064E", "\u200B", "\u2019", "\u2018",
      "\u2024",     "\u2027", "\u2044", "\u202F", "\u203F", "\u060C", "\u066B", "\u066C", "\u0640",
      "\u0085",     "\u2028", "\u000B", "\uFEFF", "\u200D", "א",      "ア",     "中",     "ก",
      "\U0001F600", "\uF0B7", "\uFF21", "\uFF11", "\uFF1A", "\uFE55", "\uFE13", "\u3000", "\uFF70",
      "\u30FC",     "\uAC00"};
  return alphabet;
}

TEST(BreakWordsWithoutIcu, AgreesWithIcuOnEveryShortString) {
  Checker checker;
  const auto& a = Alphabet();
  for (const std::string& x : a) {
    checker.Check(x);
    for (const std::string& y : a) {
      checker.Check(x + y);
      for (const std::string& z : a) {
        checker.Check(x + y + z);
        if (::testing::Test::HasFatalFailure()) {
          return;
        }
      }
    }
  }
  EXPECT_GT(checker.taken, 100000);
  EXPECT_GT(checker.handed_over, 10000);
}

TEST(BreakWordsWithoutIcu, AgreesWithIcuOnRandomStrings) {
  Checker checker;
  std::mt19937_64 random(2017);
  for (int trial = 0; trial < 200000; ++trial) {
    std::string text;
    const int length = static_cast<int>(random() % 32);
    for (int i = 0; i < length; ++i) {
      if (random() % 4 == 0) {  // any character below U+3100, or in the BMP, or rarely above
        const char32_t c = random() % 50 == 0  ? 0x1F000 + random() % 0x1000
                           : random() % 3 == 0 ? random() % 0x10000
                                               : random() % 0x3100;
        if (c < 0xD800 || c > 0xDFFF) {
          text += Utf8(c);
        }
      } else {
        text += Alphabet()[random() % Alphabet().size()];
      }
    }
    checker.Check(text);
    if (::testing::Test::HasFatalFailure()) {
      return;
    }
  }
  EXPECT_GT(checker.taken, 10000);
}

TEST(BreakWordsWithoutIcu, AgreesWithIcuOnEveryCharacterItTakes) {
  Checker checker;
  int characters = 0;
  std::vector<WordSpan> words;
  for (char32_t c = 0; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) {
      continue;
    }
    const std::string s = Utf8(c);
    if (!BreakWordsWithoutIcu(s, &words)) {
      continue;
    }
    ++characters;
    for (std::string_view before : {"", "a", "1", "_", " ", "a.", "1,", "a'", "\u0301", "@"}) {
      for (std::string_view after : {"", "b", "2", "_", " ", ".b", ",2", "\u0301", "a1"}) {
        checker.Check(std::string(before) + s + std::string(after));
        checker.Check(std::string(before) + s + s + std::string(after));
      }
    }
    if (::testing::Test::HasFatalFailure()) {
      return;
    }
  }
  EXPECT_GT(characters, 15000);
}

TEST(BreakWordsWithoutIcu, HandsOverTextsItCannotSplit) {
  std::vector<WordSpan> words;
  for (std::string_view text :
       {"私营部门", "ภาษาไทย", "שלום", "アイ", "a\u200Db", "\U0001F1EB\U0001F1F7", "\xC3", "a\xFF",
        "\xED\xA0\x80", "\xE0\x80\xAF"}) {
    EXPECT_FALSE(BreakWordsWithoutIcu(text, &words)) << text;
  }
  EXPECT_TRUE(BreakWordsWithoutIcu("", &words));
  EXPECT_TRUE(words.empty());
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// The bench's source texts (bench/intake/texts, and the WGEC report when ../shared is there).
std::vector<std::string> BenchTexts() {
  std::vector<std::string> texts;
  for (const char* name : {"ar", "es", "fr", "ru", "zh"}) {
    texts.push_back(
        ReadFile(std::string(PLENARY_SOURCE_DIR) + "/bench/intake/texts/" + name + ".txt"));
  }
  texts.push_back(
      ReadFile(std::string(PLENARY_SHARED_DIR) + "/seeds/wgec-draft-report-2017-11-11.txt"));
  return texts;
}

TEST(BreakWordsWithoutIcu, AgreesWithIcuOnTheBenchTexts) {
  Checker checker;
  for (const std::string& text : BenchTexts()) {
    checker.Check(text);
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      checker.Check(line);
    }
  }
  EXPECT_GT(checker.taken, 40);
}

// The Analyzer's terms with the table and with ICU alone: equal, in every UN language.
TEST(BreakWordsWithoutIcu, AnalyzerTermsEqualIcus) {
  std::vector<std::string> texts = BenchTexts();
  std::mt19937_64 random(4);
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text;
    const int length = static_cast<int>(random() % 40);
    for (int i = 0; i < length; ++i) {
      text += Alphabet()[random() % Alphabet().size()];
      if (random() % 3 == 0) {
        text += " ";
      }
    }
    texts.push_back(text);
  }
  texts.push_back("L'accord de l’ONU, 3,000 et 2.5 % — don't stop: e-mail a.b@example.org, U.N.");
  for (const char* language : {"en", "fr", "es", "ru", "ar", "zh", ""}) {
    const Analyzer table(language);
    const Analyzer icu = Analyzer::WithIcuOnlyForTest(language);
    for (const std::string& text : texts) {
      ASSERT_EQ(table.TermString(text), icu.TermString(text)) << language << ": " << text;
      const std::vector<Term> a = table.Terms(text);
      const std::vector<Term> b = icu.Terms(text);
      ASSERT_EQ(a.size(), b.size()) << language << ": " << text;
      for (size_t i = 0; i < a.size(); ++i) {
        ASSERT_EQ(a[i].text, b[i].text);
        ASSERT_EQ(a[i].folded, b[i].folded);
        ASSERT_EQ(a[i].begin, b[i].begin);
        ASSERT_EQ(a[i].end, b[i].end);
      }
    }
  }
}

}  // namespace
}  // namespace plenary::text
