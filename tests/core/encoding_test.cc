#include "core/encoding.h"

#include <utility>

#include <gtest/gtest.h>

namespace plenary {
namespace {

TEST(DecodeBase64, DecodesPaddedUnpaddedAndWrappedText) {
  const std::pair<std::string, std::string> cases[] = {
      {"", ""},
      {"JVBERi0xLjQKJSVFT0YK", "%PDF-1.4\n%%EOF\n"},
      {"QQ==", "A"},
      {"QQ", "A"},
      {"QUI=", "AB"},
      {"QUJD", "ABC"},
      {"QUJD\r\nREVG", "ABCDEF"},
      {"/+8=", "\xff\xef"},
  };
  for (const auto& [in, out] : cases) {
    auto decoded = DecodeBase64(in, "x");
    ASSERT_TRUE(decoded) << in << ": " << decoded.error().ToString();
    EXPECT_EQ(*decoded, out) << in;
  }
  for (const char* bad : {"Q", "QQ=A", "QQ===", "Q$==", "=QQQ", "QUJD=", "-_8="}) {
    auto decoded = DecodeBase64(bad, "letter_pdf_base64");
    ASSERT_FALSE(decoded) << bad;
    EXPECT_NE(decoded.error().message().find("'letter_pdf_base64'"), std::string::npos);
  }
}

TEST(FormatBytes, SpeaksInUnitsPeopleRead) {
  EXPECT_EQ(FormatBytes(900), "900 bytes");
  EXPECT_EQ(FormatBytes(1024), "1 KiB");
  EXPECT_EQ(FormatBytes(1500), "2 KiB");
  EXPECT_EQ(FormatBytes(5 * 1024 * 1024), "5 MiB");
  EXPECT_EQ(FormatBytes(5 * 1024 * 1024 + 1), "5.0 MiB");
}

TEST(HexEncode, WritesLowerCaseTwoDigitsPerByte) {
  EXPECT_EQ(HexEncode(std::string_view("\x00\x0f\xff", 3)), "000fff");
  EXPECT_EQ(HexEncode(""), "");
}

}  // namespace
}  // namespace plenary
