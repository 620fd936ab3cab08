#include "i18n/catalog.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

namespace plenary::i18n {
namespace {

TEST(Catalog, FallsBackToEnglishThenToTheKey) {
  Catalog c;
  ASSERT_TRUE(c.AddLanguage("en", R"({"a": "Agreed", "b": "Bracketed"})").ok());
  ASSERT_TRUE(c.AddLanguage("fr", R"({"a": "Adopté"})").ok());
  EXPECT_EQ(c.Get("fr", "a"), "Adopté");
  EXPECT_EQ(c.Get("fr", "b"), "Bracketed");
  EXPECT_EQ(c.Get("fr", "missing.key"), "missing.key");
}

TEST(Catalog, ReplacesPlaceholdersAndChoosesPlurals) {
  Catalog c;
  ASSERT_TRUE(
      c.AddLanguage(
           "en",
           R"({"n.one": "{count} member of {g}", "n.other": "{count} members of {g}", "lit": "{kept}"})")
          .ok());
  EXPECT_EQ(c.Get("en", "n", {{"count", "1"}, {"g", "WGEC"}}), "1 member of WGEC");
  EXPECT_EQ(c.Get("en", "n", {{"count", "42"}, {"g", "WGEC"}}), "42 members of WGEC");
  EXPECT_EQ(c.Get("en", "lit"), "{kept}");
}

TEST(Catalog, RefusesMalformedCatalogs) {
  Catalog c;
  EXPECT_FALSE(c.AddLanguage("en", "[1]").ok());
  EXPECT_FALSE(c.AddLanguage("en", R"({"a": 1})").ok());
  EXPECT_FALSE(c.AddLanguage("en", "{").ok());
}

TEST(Catalog, NegotiatesTheSixLanguages) {
  EXPECT_EQ(Catalog::Negotiate("fr-CH, fr;q=0.9, en;q=0.8"), "fr");
  EXPECT_EQ(Catalog::Negotiate("de-DE, ar;q=0.5, en;q=0.4"), "ar");
  EXPECT_EQ(Catalog::Negotiate("de"), "en");
  EXPECT_EQ(Catalog::Negotiate(""), "en");
  EXPECT_EQ(Catalog::Direction("ar"), "rtl");
  EXPECT_EQ(Catalog::Direction("zh"), "ltr");
}

TEST(Catalog, BuiltinEnglishHasEveryKeyTheTemplatesUse) {
  auto catalog = Catalog::LoadBuiltin();
  ASSERT_TRUE(catalog) << catalog.error().ToString();
  std::regex tag(R"(\{\{t:([a-z0-9_.]+))");
  int checked = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(PLENARY_SOURCE_DIR "/src")) {
    if (entry.path().extension() != ".html") {
      continue;
    }
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    for (std::sregex_iterator it(s.begin(), s.end(), tag), end; it != end; ++it) {
      std::string key = (*it)[1];
      bool present = catalog->Has("en", key) ||
                     (catalog->Has("en", key + ".one") && catalog->Has("en", key + ".other"));
      EXPECT_TRUE(present) << entry.path() << " uses {{t:" << key << "}} which en.json lacks";
      ++checked;
    }
  }
  EXPECT_GT(checked, 50);
}

}  // namespace
}  // namespace plenary::i18n
