#include "core/text.h"

#include <string>
#include <string_view>
#include <utility>

#include <gtest/gtest.h>

namespace plenary {
namespace {

TEST(IsValidUtf8, AcceptsWellFormedText) {
  for (const char* ok :
       {"", "plain", "Résolution", "резолюция", "决议", "قرار", "\xF0\x9F\x8C\x8D"}) {
    EXPECT_TRUE(IsValidUtf8(ok)) << ok;
  }
}

TEST(IsValidUtf8, RejectsMalformedSequences) {
  for (const char* bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC3",
                          "abc\xFF", "\x80"}) {
    EXPECT_FALSE(IsValidUtf8(bad)) << bad;
  }
}

// ASCII is skipped eight bytes at a time: a sequence anywhere in or after a long run of it,
// across the eight-byte boundaries too, is still checked.
TEST(IsValidUtf8, ChecksEverySequenceAmongLongAsciiRuns) {
  for (size_t length = 0; length <= 40; ++length) {
    for (size_t at = 0; at <= length; ++at) {
      std::string text(length, 'a');
      for (std::string_view bad : {"\xFF", "\xC3", "\xE4\xB8", "\xC0\xAF"}) {
        std::string with = text;
        with.insert(at, bad);
        EXPECT_FALSE(IsValidUtf8(with)) << length << " " << at << " " << bad.size();
      }
      for (std::string_view good : {"\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x8C\x8D"}) {
        std::string with = text;
        with.insert(at, good);
        EXPECT_TRUE(IsValidUtf8(with)) << length << " " << at << " " << good.size();
      }
    }
  }
}

// Decodes one character of one to three bytes and says where the next starts; -1, not moving,
// for what the word scanners hand over.
TEST(DecodeUtf8Bmp, DecodesTheBmpAndRefusesTheRest) {
  auto decode = [](std::string_view text) {
    size_t i = 0;
    int32_t c = DecodeUtf8Bmp(reinterpret_cast<const unsigned char*>(text.data()), text.size(), &i);
    return std::pair<int32_t, size_t>(c, i);
  };
  EXPECT_EQ(decode("a"), (std::pair<int32_t, size_t>(0x61, 1)));
  EXPECT_EQ(decode("\xC3\xA9x"), (std::pair<int32_t, size_t>(0xE9, 2)));       // é
  EXPECT_EQ(decode("\xE4\xB8\xAD"), (std::pair<int32_t, size_t>(0x4E2D, 3)));  // 中
  EXPECT_EQ(decode("\xEF\xBF\xBF"), (std::pair<int32_t, size_t>(0xFFFF, 3)));  // last of the BMP
  for (std::string_view refused : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF0\x9F\x98\x80",
                                   "\xC3", "\xE4\xB8", "\x80", "\xC3\x28"}) {
    EXPECT_EQ(decode(refused), (std::pair<int32_t, size_t>(-1, 0))) << refused.size();
  }
}

TEST(Split, KeepsEmptyFields) {
  auto parts = Split("a,,b,", ',');
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(parts[2], "b");
}

TEST(Trim, RemovesSurroundingWhitespace) {
  EXPECT_EQ(Trim("  x y \n"), "x y");
}

}  // namespace
}  // namespace plenary
