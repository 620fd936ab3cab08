#include "engines/text/snippet.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/text.h"

namespace plenary::text {
namespace {

// The query's terms as MakeSnippet expects them: each word's stem and folded form.
std::vector<std::string> QueryTerms(std::string_view query, std::string_view language) {
  std::vector<std::string> terms;
  for (const Term& term : SharedAnalyzer(language).Terms(query)) {
    terms.push_back(term.text);
    if (term.folded != term.text) {
      terms.push_back(term.folded);
    }
  }
  return terms;
}

std::vector<std::string> Highlighted(const Snippet& snippet) {
  std::vector<std::string> words;
  for (const auto& [first, second] : snippet.highlights) {
    words.push_back(snippet.text.substr(first, second - first));
  }
  return words;
}

const std::string kReport =
    "This report is submitted to the twenty-first session of the Commission on Science and "
    "Technology for Development as per the UNGA request as contained in paragraph 65 of "
    "resolution A/RES/70/125. It includes recommendations on how to further implement enhanced "
    "cooperation as envisioned in the Tunis Agenda, taking into consideration the work that has "
    "been done on this matter thus far. The recommendations, adopted by consensus of the Working "
    "Group on Enhanced Cooperation members, are directed to governments as well as institutions.";

TEST(MakeSnippet, HighlightsTheMatchedWords) {
  Snippet snippet = MakeSnippet(kReport, "en", QueryTerms("enhanced cooperation", "en"), 12);
  EXPECT_EQ(Highlighted(snippet), (std::vector<std::string>{"enhanced", "cooperation"}));
  EXPECT_EQ(snippet.text,
            "on how to further implement enhanced cooperation as envisioned in the Tunis");
  EXPECT_TRUE(snippet.starts_mid);
  EXPECT_TRUE(snippet.ends_mid);
}

TEST(MakeSnippet, PrefersTheWindowWithTheMostQueryTerms) {
  Snippet snippet =
      MakeSnippet(kReport, "en", QueryTerms("working group enhanced cooperation", "en"), 12);
  EXPECT_EQ(Highlighted(snippet),
            (std::vector<std::string>{"Working", "Group", "Enhanced", "Cooperation"}));
  EXPECT_EQ(snippet.text,
            "consensus of the Working Group on Enhanced Cooperation members, are directed to");
  EXPECT_TRUE(snippet.ends_mid);
}

TEST(MakeSnippet, MatchesOtherFormsOfTheWord) {
  Snippet snippet = MakeSnippet(kReport, "en", QueryTerms("recommendation adopting", "en"), 8);
  EXPECT_EQ(Highlighted(snippet), (std::vector<std::string>{"recommendations", "adopted"}));
  EXPECT_EQ(snippet.text, "thus far. The recommendations, adopted by consensus of");
}

TEST(MakeSnippet, CentresTheMatches) {
  Snippet snippet = MakeSnippet(kReport, "en", QueryTerms("Tunis", "en"), 5);
  EXPECT_EQ(snippet.text, "in the Tunis Agenda, taking");
  EXPECT_EQ(Highlighted(snippet), (std::vector<std::string>{"Tunis"}));
}

TEST(MakeSnippet, StartsAtTheBeginningWithoutMatches) {
  Snippet snippet = MakeSnippet("  \n“Hello”, she said. Goodbye.", "en", {"absent"}, 3);
  EXPECT_EQ(snippet.text, "“Hello”, she said.");
  EXPECT_TRUE(snippet.highlights.empty());
  EXPECT_FALSE(snippet.starts_mid);
  EXPECT_TRUE(snippet.ends_mid);
  Snippet whole = MakeSnippet("Short  text\n\nhere.\n", "en", {}, 30);
  EXPECT_EQ(whole.text, "Short text here.");
  EXPECT_FALSE(whole.starts_mid);
  EXPECT_FALSE(whole.ends_mid);
}

TEST(MakeSnippet, HighlightsChineseWordsAsOne) {
  Snippet snippet = MakeSnippet("工作组的任务是加强合作。", "zh", QueryTerms("加强合作", "zh"), 30);
  EXPECT_EQ(Highlighted(snippet), (std::vector<std::string>{"加强合作"}));
  Snippet part = MakeSnippet("工作组的任务是加强合作。", "zh", QueryTerms("合作", "zh"), 30);
  EXPECT_EQ(Highlighted(part), (std::vector<std::string>{"合作"}));
  EXPECT_EQ(part.text, "工作组的任务是加强合作。");
}

TEST(MakeSnippet, HighlightsExactWordsOfAQueryInAnotherLanguage) {
  // An English query for "Agenda" in a Spanish text.
  Snippet snippet = MakeSnippet("Según la Agenda de Túnez, la cooperación reforzada...", "es",
                                QueryTerms("agenda", "en"), 30);
  EXPECT_EQ(Highlighted(snippet), (std::vector<std::string>{"Agenda"}));
}

TEST(MakeSnippet, CutsBetweenCharacters) {
  std::string text;
  for (int i = 0; i < 50; ++i) {
    text += "сотрудничество 合作 التعاون ";
  }
  text += "ключевое слово";
  for (size_t words = 1; words < 12; ++words) {
    Snippet snippet = MakeSnippet(text, "ru", QueryTerms("слово", "ru"), words);
    EXPECT_TRUE(IsValidUtf8(snippet.text)) << words;
    EXPECT_EQ(Highlighted(snippet), (std::vector<std::string>{"слово"})) << words;
    EXPECT_TRUE(snippet.starts_mid);
    EXPECT_FALSE(snippet.ends_mid);
  }
  // One giant word: the snippet is cut, inside a character never.
  std::string giant;
  for (int i = 0; i < 10000; ++i) {
    giant += "ж";
  }
  Snippet snippet = MakeSnippet(giant, "ru", {}, 3);
  EXPECT_TRUE(IsValidUtf8(snippet.text));
  EXPECT_LE(snippet.text.size(), 96u);
  EXPECT_TRUE(snippet.ends_mid);
}

TEST(MakeSnippet, SearchesOnlyTheStartOfAVeryLongText) {
  std::string text;
  while (text.size() <= kMaxSnippetScanBytes) {
    text += "Filler words of a very long attachment. ";
  }
  text += "Cooperation.";
  Snippet snippet = MakeSnippet(text, "en", QueryTerms("cooperation", "en"), 4);
  EXPECT_EQ(snippet.text, "Filler words of a");
  EXPECT_TRUE(snippet.highlights.empty());
  EXPECT_TRUE(snippet.ends_mid);
  Snippet found = MakeSnippet(std::string_view(text).substr(text.size() - 100), "en",
                              QueryTerms("cooperation", "en"), 4);
  EXPECT_EQ(Highlighted(found), (std::vector<std::string>{"Cooperation"}));
}

TEST(MakeSnippet, DropsInvalidBytesAndControls) {
  const std::string text =
      "The \xFF"
      "enhanced\x01\x02 \xC3"
      "cooperation\xE2\x82 process";
  Snippet snippet = MakeSnippet(text, "en", QueryTerms("cooperation", "en"), 30);
  EXPECT_TRUE(IsValidUtf8(snippet.text));
  EXPECT_EQ(snippet.text, "The enhanced cooperation process");
  EXPECT_EQ(Highlighted(snippet), (std::vector<std::string>{"cooperation"}));
  // A right-to-left override whose terminator falls outside the window.
  Snippet bidi = MakeSnippet("one \u202Etwo three four\u202C five", "en", {"two"}, 2);
  EXPECT_EQ(bidi.text, "two three");
}

TEST(MakeSnippet, HandlesEmptyText) {
  Snippet snippet = MakeSnippet("", "en", {"x"});
  EXPECT_EQ(snippet.text, "");
  EXPECT_TRUE(snippet.highlights.empty());
  EXPECT_FALSE(snippet.starts_mid);
  EXPECT_FALSE(snippet.ends_mid);
  EXPECT_EQ(MakeSnippet("?!", "en", {"x"}).text, "?!");
}

TEST(MarkSnippet, EscapesTextButNotMarkers) {
  Snippet snippet =
      MakeSnippet("<b>Cooperation</b> & trust", "en", QueryTerms("cooperation", "en"));
  auto escape = [](std::string_view text) {
    std::string out;
    for (char c : text) {
      out += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
    }
    return out;
  };
  EXPECT_EQ(MarkSnippet(snippet, "<mark>", "</mark>", escape),
            "&lt;b&gt;<mark>Cooperation</mark>&lt;/b&gt; &amp; trust");
  EXPECT_EQ(MarkSnippet(snippet, "[", "]"), "<b>[Cooperation]</b> & trust");
}

}  // namespace
}  // namespace plenary::text
