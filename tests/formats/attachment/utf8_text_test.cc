#include "formats/attachment/utf8_text.h"

#include <string>

#include <gtest/gtest.h>

namespace plenary::attachment {
namespace {

struct Case {
  std::string raw;
  std::string normalised;
};

TEST(AppendNormalized, KeepsTextAndDropsWhatSearchCannotUse) {
  const Case cases[] = {
      {"plain", "plain"},
      {"a\r\nb\rc\n", "a\nb\nc\n"},
      {"tab\there", "tab\there"},
      {"bell\a form\f nul", "bell form nul"},
      {"c1\xC2\x85 del\x7F", "c1 del"},
      {"\xE2\x80\xAB"
       "حوكمة"
       "\xE2\x80\xAC",
       "حوكمة"},                           // RLE ... PDF
      {"\xE2\x81\xA6x\xE2\x81\xA9", "x"},  // LRI ... PDI
      {"\xEF\xBB\xBFzw", "zw"},
      {"bad\xFF byte", "bad\xEF\xBF\xBD byte"},
      {"cut\xE2\x82", "cut\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"emoji 😀", "emoji 😀"},
  };
  for (const Case& c : cases) {
    std::string out;
    EXPECT_TRUE(AppendNormalized(c.raw, 1000, out));
    EXPECT_EQ(out, c.normalised) << c.raw;
  }
}

TEST(AppendNormalized, StopsBeforeTheCapOnACharacterBoundary) {
  std::string out = "ab";
  EXPECT_FALSE(AppendNormalized("c😀d", 6, out));
  EXPECT_EQ(out, "abc");
  out.clear();
  EXPECT_TRUE(AppendNormalized("abc", 3, out));
  EXPECT_EQ(out, "abc");
  EXPECT_FALSE(AppendNormalized("d", 3, out));
}

TEST(DecodeUtf8, RejectsMalformedSequences) {
  char32_t cp = 0;
  EXPECT_EQ(DecodeUtf8("é", 0, cp), 2u);
  EXPECT_EQ(cp, U'é');
  EXPECT_EQ(DecodeUtf8("\xC0\x80", 0, cp), 0u);          // overlong NUL
  EXPECT_EQ(DecodeUtf8("\xED\xB0\x80", 0, cp), 0u);      // surrogate
  EXPECT_EQ(DecodeUtf8("\xF4\x90\x80\x80", 0, cp), 0u);  // past U+10FFFF
  EXPECT_EQ(DecodeUtf8("\xE2\x82", 0, cp), 0u);          // cut
  EXPECT_EQ(DecodeUtf8("\x80", 0, cp), 0u);              // lone continuation
}

}  // namespace
}  // namespace plenary::attachment
