#include "engines/text/language.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::text {
namespace {

struct Sample {
  std::string_view language;
  std::string_view text;
};

// Article 1 of the Universal Declaration of Human Rights, in its six official versions.
const std::vector<Sample> kDeclaration = {
    {"en",
     "All human beings are born free and equal in dignity and rights. They are endowed with "
     "reason and conscience and should act towards one another in a spirit of brotherhood."},
    {"fr",
     "Tous les êtres humains naissent libres et égaux en dignité et en droits. Ils sont doués de "
     "raison et de conscience et doivent agir les uns envers les autres dans un esprit de "
     "fraternité."},
    {"es",
     "Todos los seres humanos nacen libres e iguales en dignidad y derechos y, dotados como "
     "están de razón y conciencia, deben comportarse fraternalmente los unos con los otros."},
    {"ru",
     "Все люди рождаются свободными и равными в своем достоинстве и правах. Они наделены разумом "
     "и совестью и должны поступать в отношении друг друга в духе братства."},
    {"zh",
     "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。"},
    {"ar",
     "يولد جميع الناس أحراراً متساوين في الكرامة والحقوق. وقد وهبوا عقلاً وضميراً وعليهم أن "
     "يعامل بعضهم بعضاً بروح الإخاء."},
};

// A sentence of the WGEC draft report (../shared/seeds) and our translations of it.
const std::vector<Sample> kReport = {
    {"en",
     "It includes recommendations on how to further implement enhanced cooperation as "
     "envisioned in the Tunis Agenda, taking into consideration the work that has been done on "
     "this matter thus far."},
    {"fr",
     "Il contient des recommandations sur la manière de mettre en œuvre plus avant la "
     "coopération renforcée envisagée dans l'Agenda de Tunis, compte tenu des travaux déjà "
     "accomplis sur cette question."},
    {"es",
     "Incluye recomendaciones sobre cómo seguir aplicando la cooperación reforzada prevista en "
     "la Agenda de Túnez, teniendo en cuenta la labor realizada hasta la fecha sobre esta "
     "cuestión."},
    {"ru",
     "В нем содержатся рекомендации о путях дальнейшего осуществления расширенного "
     "сотрудничества, предусмотренного Тунисской программой, с учетом работы, уже проделанной по "
     "этому вопросу."},
    {"zh",
     "报告载有关于如何按照《突尼斯议程》的设想进一步加强合作的建议，并考虑到迄今为止在这一问题上已"
     "开展"
     "的工作。"},
    {"ar",
     "ويتضمن التقرير توصيات بشأن كيفية مواصلة تنفيذ التعاون المعزز على النحو المتوخى في خطة عمل "
     "تونس، مع مراعاة العمل الذي أنجز حتى الآن بشأن هذه المسألة."},
};

TEST(DetectLanguage, FindsEachUnLanguageInTheDeclaration) {
  for (const Sample& sample : kDeclaration) {
    DetectedLanguage detected = DetectLanguage(sample.text);
    EXPECT_EQ(detected.code, sample.language) << sample.text;
    EXPECT_TRUE(detected.reliable) << sample.text;
    EXPECT_GE(detected.percent, 90) << sample.text;
  }
}

TEST(DetectLanguage, FindsEachUnLanguageInTheReport) {
  for (const Sample& sample : kReport) {
    DetectedLanguage detected = DetectLanguage(sample.text);
    EXPECT_EQ(detected.code, sample.language) << sample.text;
    EXPECT_TRUE(detected.reliable) << sample.text;
  }
}

TEST(DetectLanguage, ReportsTraditionalChineseAsChinese) {
  EXPECT_EQ(
      DetectLanguage(
          "人人生而自由，在尊嚴和權利上一律平等。他們賦有理性和良心，並應以兄弟關係的精神相對待。")
          .code,
      "zh");
}

TEST(DetectLanguage, IsUnknownForShortOrMeaninglessText) {
  for (std::string_view text : {"", " ", "ok", "The report", "asdkjh qwe zxcmnb", "12345 6789 !!!",
                                "$$$ ### %%% ***", "\xff\xfe\xfd\xfc"}) {
    DetectedLanguage detected = DetectLanguage(text);
    EXPECT_EQ(detected.code, "") << text;
    EXPECT_EQ(detected.percent, 0) << text;
    EXPECT_FALSE(detected.reliable) << text;
  }
}

TEST(DetectLanguage, IgnoresInvalidBytesControlsAndNoncharacters) {
  // cld2 itself gives up on the whole text at the first of these.
  std::string text = "\x01Tous les êtres humains\xC3 naissent libres\x85 et égaux\xEF\xBF\xBF en ";
  text += "dignité\x7F et en droits.\xF4\x90\x80\x80 Ils sont doués de raison et de conscience.";
  EXPECT_EQ(DetectLanguage(text).code, "fr");
}

TEST(DetectLanguage, ReadsOnlyTheStartOfALongText) {
  std::string text;
  while (text.size() < kMaxDetectBytes) {
    text += kDeclaration[1].text;
    text += ' ';
  }
  for (int i = 0; i < 200; ++i) {
    text += kDeclaration[0].text;  // past the limit: not read
  }
  EXPECT_EQ(DetectLanguage(text).code, "fr");
}

// The cap is small (a kilobyte: it is a tenth of a bulk import's CPU to read more) because the
// first kilobyte settles the language: each page of policy prose the intake benchmark writes
// with is detected the same from its first kilobyte as from the whole, as are the WGEC report's
// paragraphs when ../shared is there.
TEST(DetectLanguage, TheFirstKilobyteSettlesTheLanguageOfLongerTexts) {
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  int longer = 0;
  for (std::string language : {"ar", "es", "fr", "ru", "zh"}) {
    std::string text =
        read(std::string(PLENARY_SOURCE_DIR) + "/bench/intake/texts/" + language + ".txt");
    ASSERT_GT(text.size(), kMaxDetectBytes) << language;
    ++longer;
    EXPECT_EQ(DetectLanguage(text.substr(0, kMaxDetectBytes)).code, language);
    EXPECT_TRUE(DetectLanguage(text).reliable) << language;
  }
  std::string report =
      read(std::string(PLENARY_SHARED_DIR) + "/seeds/wgec-draft-report-2017-11-11.txt");
  if (!report.empty()) {
    // Its paragraphs of more than 2 KB, and the whole report.
    size_t start = 0;
    for (size_t end = report.find("\n\n"); end != std::string::npos;
         start = end + 2, end = report.find("\n\n", start)) {
      std::string paragraph = report.substr(start, end - start);
      if (paragraph.size() > 2 * kMaxDetectBytes) {
        ++longer;
        EXPECT_EQ(DetectLanguage(paragraph).code, "en") << paragraph.substr(0, 80);
      }
    }
    EXPECT_EQ(DetectLanguage(report).code, "en");
  }
  EXPECT_GE(longer, 5);
}

TEST(NormalizeLanguageCode, KeepsThePrimarySubtag) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      {"en", "en"},   {"EN", "en"},   {"en-GB", "en"}, {"fr_CA", "fr"}, {"zh-Hant", "zh"},
      {" ar ", "ar"}, {"haw", "haw"}, {"iw", "he"},    {"jw", "jv"},    {"", ""},
      {"e", ""},      {"engl", ""},   {"e1", ""},      {"-en", ""},     {"é", ""},
  };
  for (const auto& [tag, code] : cases) {
    EXPECT_EQ(NormalizeLanguageCode(tag), code) << tag;
  }
}

TEST(ChooseLanguage, KeepsTheDeclaredLanguage) {
  LanguageChoice choice = ChooseLanguage("fr-CH", kDeclaration[0].text);
  EXPECT_EQ(choice.code, "fr");
  EXPECT_FALSE(choice.detected);
}

TEST(ChooseLanguage, DetectsAndMarksWhenNoneIsDeclared) {
  LanguageChoice choice = ChooseLanguage("", kDeclaration[3].text);
  EXPECT_EQ(choice.code, "ru");
  EXPECT_TRUE(choice.detected);
}

TEST(ChooseLanguage, IsEmptyWhenNeitherDeclaredNorDetectable) {
  LanguageChoice choice = ChooseLanguage("", "ok");
  EXPECT_EQ(choice.code, "");
  EXPECT_FALSE(choice.detected);
}

}  // namespace
}  // namespace plenary::text
