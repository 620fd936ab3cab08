#include "core/text.h"

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
