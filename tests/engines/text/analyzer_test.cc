#include "engines/text/analyzer.h"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/text.h"
#include "engines/text/word_form.h"

namespace plenary::text {
namespace {

std::vector<std::string> Texts(const std::vector<Term>& terms) {
  std::vector<std::string> texts;
  for (const Term& term : terms) {
    texts.push_back(term.text);
  }
  return texts;
}

std::string Stem(std::string_view language, std::string_view word) {
  std::vector<Term> terms = Analyzer(language).Terms(word);
  return terms.size() == 1 ? terms[0].text : "<" + std::to_string(terms.size()) + " terms>";
}

using Words = std::vector<std::string_view>;

void ExpectOneStem(std::string_view language, const Words& words) {
  const std::string stem = Stem(language, words[0]);
  for (std::string_view word : words) {
    EXPECT_EQ(Stem(language, word), stem) << language << ": " << word;
  }
}

TEST(Analyzer, StemsEnglish) {
  ExpectOneStem("en", {"negotiations", "negotiated", "negotiating", "Negotiation"});
  ExpectOneStem("en", {"cooperation", "cooperate", "Cooperating"});
  EXPECT_EQ(Stem("en", "nation's"), "nation");
  EXPECT_EQ(Stem("en", "nation’s"), "nation");  // typographic apostrophe
}

TEST(Analyzer, StemsFrench) {
  ExpectOneStem("fr", {"coopération", "coopérer", "Coopérations"});
  ExpectOneStem("fr", {"négociations", "négocier", "négocié"});
  ExpectOneStem("fr", {"accord", "accords", "l'accord", "l’accord", "L'Accord", "d'accord"});
}

TEST(Analyzer, StemsSpanish) {
  ExpectOneStem("es", {"cooperación", "cooperar", "cooperaciones"});
  ExpectOneStem("es", {"negociaciones", "negociación", "negociar"});
}

TEST(Analyzer, StemsRussian) {
  ExpectOneStem("ru", {"сотрудничество", "сотрудничества", "сотрудничеству", "Сотрудничеством"});
  ExpectOneStem("ru", {"переговоры", "переговоров", "переговорах"});
}

TEST(Analyzer, StemsArabic) {
  ExpectOneStem("ar", {"الحكومات", "للحكومات"});  // the governments, for the governments
  ExpectOneStem("ar", {"الحقوق", "حقوق"});        // the rights, rights
  ExpectOneStem("ar", {"الدول", "دول"});          // the states, states
}

TEST(Analyzer, StemsUnLanguageScriptsWhateverTheLanguage) {
  // A Russian word quoted in an English or Chinese text is indexed as in a Russian one.
  for (std::string_view language : {"en", "fr", "es", "ar", "zh"}) {
    EXPECT_EQ(Stem(language, "сотрудничества"), Stem("ru", "сотрудничества")) << language;
    EXPECT_EQ(Stem(language, "للحكومات"), Stem("ar", "للحكومات")) << language;
  }
  // Latin words take the English stemmer in Russian, Arabic and Chinese texts.
  EXPECT_EQ(Stem("ru", "negotiations"), Stem("en", "negotiations"));
  EXPECT_EQ(Stem("zh", "negotiations"), "negoti");
}

TEST(Analyzer, FoldsWithoutStemmingOtherLanguages) {
  const Analyzer german("de");
  std::vector<Term> terms = german.Terms("Die Verhandlungen GROẞER Staaten");
  EXPECT_EQ(Texts(terms), (std::vector<std::string>{"die", "verhandlungen", "grosser", "staaten"}));
  EXPECT_EQ(Analyzer("").TermString("Negotiations, négociations"), "negotiations négociations");
  EXPECT_EQ(Analyzer("xx-invalid!").TermString("Negotiations"), "negotiations");
}

TEST(Analyzer, NormalisesTheLanguageTag) {
  EXPECT_EQ(Analyzer("fr-CA").language(), "fr");
  EXPECT_EQ(Analyzer("fr-CA").TermString("négociations"),
            Analyzer("fr").TermString("négociations"));
  EXPECT_EQ(Analyzer("nonsense tag").language(), "");
}

TEST(Analyzer, KeepsStopWordsAndNumbersAndDropsPunctuation) {
  EXPECT_EQ(Analyzer("en").TermString("To be, or not to be: that is (2017) the question!"),
            "to be or not to be that is 2017 the question");
}

TEST(Analyzer, SplitsNumbersAtTheirSeparators) {
  const Analyzer english("en");
  const Analyzer french("fr");
  EXPECT_EQ(english.TermString("3,000 delegates"), "3 000 deleg");
  EXPECT_EQ(french.TermString("3 000 délégués"), "3 000 délégu");
  EXPECT_EQ(english.TermString("2.5%"), french.TermString("2,5 %"));
  std::vector<Term> terms = english.Terms("of 3,000.");
  ASSERT_EQ(terms.size(), 3u);
  EXPECT_EQ(terms[1].begin, 3u);
  EXPECT_EQ(terms[1].end, 4u);
  EXPECT_EQ(terms[2].begin, 5u);
  EXPECT_EQ(terms[2].end, 8u);
}

TEST(Analyzer, JoinsWordsAtInnerPunctuation) {
  EXPECT_EQ(Analyzer("en").TermString("the U.N. and don't"), "the un and dont");
  EXPECT_EQ(Analyzer("en").TermString("e-mail COVID-19"), "e mail covid 19");
}

TEST(Analyzer, FoldsCaseAndCompatibilityForms) {
  const Analyzer neutral("");
  EXPECT_EQ(neutral.TermString("ＣＯＰ２１ ﬁnance Ⅻ"), "cop21 finance xii");
  EXPECT_EQ(neutral.TermString("ΣΟΦΙΑ σοφια"), "σοφια σοφια");
  // Decomposed and precomposed accents give the same term.
  EXPECT_EQ(Analyzer("fr").TermString("coope\u0301ration"),
            Analyzer("fr").TermString("coopération"));
  EXPECT_EQ(neutral.TermString("التعـــاون"), neutral.TermString("التعاون"));  // tatweel
}

TEST(Analyzer, SegmentsChinese) {
  const Analyzer chinese("zh");
  std::vector<Term> terms = chinese.Terms("加强合作");  // enhanced cooperation
  EXPECT_GE(terms.size(), 2u);
  EXPECT_EQ(Texts(terms), (std::vector<std::string>{"加强", "合作"}));
  // A query for 合作 (cooperation) finds it.
  EXPECT_EQ(chinese.TermString("合作"), "合作");
  // Whatever the contribution's language.
  EXPECT_EQ(Analyzer("en").TermString("WGEC 加强合作"), "wgec 加强 合作");
  EXPECT_EQ(chinese.TermString("中华人民共和国"), "中华 人民 共和国");
}

TEST(Analyzer, OffsetsPointAtTheOriginalWords) {
  const std::string text = "« L’Accord » sur la COOPÉRATION, 加强合作 et сотрудничества.";
  for (const Term& term : Analyzer("fr").Terms(text)) {
    ASSERT_LE(term.begin, term.end);
    ASSERT_LE(term.end, text.size());
    const std::string_view word = std::string_view(text).substr(term.begin, term.end - term.begin);
    EXPECT_TRUE(IsValidUtf8(word));
    EXPECT_EQ(Analyzer("").TermString(word), term.folded) << word;
  }
  std::vector<Term> terms = Analyzer("fr").Terms(text);
  ASSERT_EQ(terms.size(), 8u);
  EXPECT_EQ(text.substr(terms[0].begin, terms[0].end - terms[0].begin), "L’Accord");
  EXPECT_EQ(terms[0].text, "accord");
  EXPECT_EQ(text.substr(terms[3].begin, terms[3].end - terms[3].begin), "COOPÉRATION");
  EXPECT_EQ(terms[3].folded, "coopération");
  EXPECT_EQ(text.substr(terms[5].begin, terms[5].end - terms[5].begin), "合作");
}

TEST(Analyzer, OffsetsHoldAfterCharactersOutsideTheBmp) {
  // ICU reads the text as UTF-16, where these take two units each: the byte offsets of the words
  // after them must still point at the words.
  const std::string text = "😀 加强合作 \xF0\x9F\x98 𠮷 cooperation \xFF合作";
  std::vector<Term> terms = Analyzer("en").Terms(text);
  std::vector<std::string> words;
  for (const Term& term : terms) {
    ASSERT_LE(term.end, text.size());
    words.push_back(text.substr(term.begin, term.end - term.begin));
  }
  EXPECT_EQ(words, (std::vector<std::string>{"加强", "合作", "𠮷", "cooperation", "合作"}));
}

TEST(Analyzer, HandlesEmptyAndInvalidInput) {
  const Analyzer english("en");
  EXPECT_TRUE(english.Terms("").empty());
  EXPECT_EQ(english.TermString(""), "");
  EXPECT_EQ(english.TermString(" \n\t.,;!?"), "");
  // Invalid bytes are skipped; the words around them are kept with their offsets.
  const std::string text =
      "enhanced\xFF"
      "cooperation \xC3 for\xE2\x82 all \xF0\x9F\x98";
  std::vector<Term> terms = english.Terms(text);
  EXPECT_EQ(Texts(terms), (std::vector<std::string>{"enhanc", "cooper", "for", "all"}));
  EXPECT_EQ(terms[1].begin, 9u);
  for (const Term& term : terms) {
    EXPECT_TRUE(IsValidUtf8(term.text));
    EXPECT_LE(term.end, text.size());
  }
  EXPECT_TRUE(english.Terms("\xC0\x80\xED\xA0\x80\xF8\x88\x80\x80\x80").empty());
}

TEST(Analyzer, CutsVeryLongWords) {
  const std::string word(100000, 'a');
  std::vector<Term> terms = Analyzer("en").Terms(word + " end");
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].text.size(), kMaxTermBytes);
  EXPECT_EQ(terms[0].end, word.size());
  const std::string cyrillic = [] {
    std::string s;
    for (int i = 0; i < 1000; ++i) {
      s += "ж";
    }
    return s;
  }();
  std::vector<Term> long_terms = Analyzer("ru").Terms(cyrillic);
  ASSERT_EQ(long_terms.size(), 1u);
  EXPECT_EQ(long_terms[0].text.size(), kMaxTermBytes);
  EXPECT_TRUE(IsValidUtf8(long_terms[0].text));
}

TEST(Analyzer, TermsAreSingleTokensForAnyIndex) {
  const std::string text =
      "O'Brien's e.g. 3,000/yr — C++ x86_64 ㈱ ½ naïve 'quoted' l'« accord » #tag @user "
      "user@example.org https://un.org/a?b=c";
  for (const Term& term : Analyzer("en").Terms(text)) {
    EXPECT_FALSE(term.text.empty());
    for (unsigned char c : term.text) {
      EXPECT_TRUE(c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) << term.text;
    }
    for (unsigned char c : term.folded) {
      EXPECT_TRUE(c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) << term.folded;
    }
  }
}

// What lets an index hold the stems alone: every word's term, in a document of any language, is
// its folded form or its stem in one of the languages with a stemmer, which a query offers
// (consultation/queries.cc). "Agenda" in Spanish finds "The Tunis Agenda" in English.
TEST(Analyzer, AWordsTermInAnyLanguageIsAmongItsStemsOrItsFoldedForm) {
  const std::vector<std::string> texts = {
      "The Tunis Agenda and the WSIS+10 review: negotiations, 3,000 delegates' e-mail.",
      "La Agenda de Túnez y las negociaciones sobre la cooperación reforzada.",
      "L'Agenda de Tunis et les négociations sur la coopération renforcée.",
      "Тунисская программа и переговоры об укреплении сотрудничества.",
      "برنامج عمل تونس والمفاوضات بشأن التعاون المعزز.",
      "突尼斯议程和关于加强合作的谈判 Agenda negotiations.",
      "Die Tunis-Agenda und die Verhandlungen über verstärkte Zusammenarbeit."};
  int checked = 0;
  for (std::string_view document_language : {"en", "fr", "es", "ru", "ar", "zh", "", "de"}) {
    const Analyzer& document = SharedAnalyzer(document_language);
    for (const std::string& text : texts) {
      for (const Term& term : document.Terms(text)) {
        const std::string_view word =
            std::string_view(text).substr(term.begin, term.end - term.begin);
        std::vector<std::string> offered;
        for (const Term& t : SharedAnalyzer("").Terms(word)) {
          offered.push_back(t.folded);
        }
        for (std::string_view language : {"en", "fr", "es", "ru", "ar"}) {
          for (const Term& t : SharedAnalyzer(language).Terms(word)) {
            offered.push_back(t.text);
          }
        }
        EXPECT_NE(std::find(offered.begin(), offered.end(), term.text), offered.end())
            << document_language << ": " << word << " -> " << term.text;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 400);
  EXPECT_EQ(TermString("The Tunis Agenda", "en"), "the tuni agenda");
}

TEST(Analyzer, FreeFunctionsUseTheSharedAnalyzers) {
  EXPECT_EQ(TermString("Negotiations", "en-US"), "negoti");
  EXPECT_EQ(&SharedAnalyzer("fr"), &SharedAnalyzer("fr-FR"));
  EXPECT_EQ(&SharedAnalyzer("de"), &SharedAnalyzer(""));
  EXPECT_EQ(SharedAnalyzer("de").language(), "");
}

TEST(Analyzer, GivesTheSameTermsOnManyThreads) {
  const Analyzer analyzer("en");
  const std::string text =
      "It includes recommendations on how to further implement enhanced cooperation as "
      "envisioned in the Tunis Agenda, 加强合作, сотрудничества.";
  const std::string expected = analyzer.TermString(text);
  const std::string expected_french = TermString(text, "fr");
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        failures[t] += analyzer.TermString(text) == expected ? 0 : 1;
        failures[t] += TermString(text, "fr") == expected_french ? 0 : 1;
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (int failed : failures) {
    EXPECT_EQ(failed, 0);
  }
}

TEST(Analyzer, GivesTheSameTermsFromItsCache) {
  // Words seen before come from the worker's cache: the same word in another case or kind, and
  // thousands of distinct words (evictions), must not change any term.
  std::string text = "Accord l'accord ACCORD accord 2017 2,017 加强 Accords ";
  for (int i = 0; i < 5000; ++i) {
    text += "word" + std::to_string(i) + (i % 2 == 0 ? "s " : "ing ");
  }
  const Analyzer analyzer("fr");
  const std::vector<Term> first = analyzer.Terms(text);
  const std::vector<Term> again = analyzer.Terms(text);
  ASSERT_EQ(first.size(), again.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].text, again[i].text);
    EXPECT_EQ(first[i].folded, again[i].folded);
    EXPECT_EQ(first[i].begin, again[i].begin);
  }
  EXPECT_EQ(Texts(first).front(), "accord");
  EXPECT_EQ(Analyzer("fr").TermString("Accord l'accord ACCORD accord 2017 2,017 加强 Accords"),
            "accord accord accord accord 2017 2 017 加强 accord");
}

TEST(Analyzer, SplitsAtNonWordCharactersWithoutTheBreakIterator) {
  const Analyzer analyzer = Analyzer::WithoutBreakIteratorForTest("en");
  EXPECT_EQ(analyzer.TermString("Negotiations, 3,000 delegates; don't\xFF"
                                "stop"),
            "negoti 3 000 deleg don t stop");
  std::vector<Term> terms = analyzer.Terms("a  bc");
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[1].begin, 3u);
  EXPECT_EQ(terms[1].end, 5u);
}

}  // namespace
}  // namespace plenary::text
