#include <string>

#include <gtest/gtest.h>

#include "core/text.h"
#include "formats/attachment/attachment.h"

namespace plenary::attachment {
namespace {

TEST(PlainText, IsNormalisedForSearch) {
  auto text =
      ExtractText("notes.txt", "\xEF\xBB\xBFline one\r\nline\ttwo\rline \x1b[1mthree\x7f\n");
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_EQ(text->kind, AttachmentKind::kText);
  EXPECT_EQ(text->media_type, "text/plain; charset=utf-8");
  EXPECT_EQ(text->text, "line one\nline\ttwo\nline [1mthree\n");
  EXPECT_FALSE(text->truncated);
  EXPECT_EQ(text->pages, 0);
}

TEST(PlainText, MarkdownKeepsItsMediaType) {
  auto text = ExtractText("Notes.MD", "# Titre\n\nÉté à Genève, مرحبا\n");
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_EQ(text->media_type, "text/markdown; charset=utf-8");
  EXPECT_EQ(text->text, "# Titre\n\nÉté à Genève, مرحبا\n");
}

TEST(PlainText, InvalidUtf8IsRefusedNamingTheLineAndOffset) {
  auto text = ExtractText("notes.txt", "first line\nsecond caf\xe9 line\n");  // Latin-1 é
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(text.error().message(),
            "notes.txt is not valid UTF-8 (line 2, byte offset 21); save it as UTF-8");
}

TEST(PlainText, OverlongsSurrogatesAndCutSequencesAreInvalid) {
  for (std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "ok\xE2\x82"}) {
    auto text = ExtractText("x.txt", bad);
    ASSERT_FALSE(text) << bad;
    EXPECT_NE(text.error().message().find("x.txt is not valid UTF-8"), std::string::npos);
  }
}

TEST(PlainText, NulBytesAndUtf16AreRefused) {
  auto nul = ExtractText("data.txt", std::string("abc\0def", 7));
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().message(),
            "data.txt is not a text file (a NUL byte at line 1, byte offset 3)");
  auto utf16 = ExtractText("data.txt", std::string("\xFF\xFEh\0i\0", 6));
  ASSERT_FALSE(utf16);
  EXPECT_EQ(utf16.error().message(), "data.txt is UTF-16 text; save it as UTF-8");
}

TEST(PlainText, IsCutAtMaxTextBytesOnACharacterBoundary) {
  std::string accents;
  for (int i = 0; i < 100; ++i) {
    accents += "é";
  }
  auto text = ExtractText("x.txt", accents, {.max_text_bytes = 51});
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_TRUE(text->truncated);
  EXPECT_EQ(text->text.size(), 50u);
  EXPECT_TRUE(IsValidUtf8(text->text));
}

}  // namespace
}  // namespace plenary::attachment
