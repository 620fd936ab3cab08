// The letter's checks, file names and base64: pure functions, table-driven.
#include "accreditation/letter.h"

#include <gtest/gtest.h>

namespace plenary::accreditation {
namespace {

TEST(CheckLetter, AcceptsAPdfWithinTheLimit) {
  EXPECT_TRUE(CheckLetter("%PDF-1.7\n...", kMaxLetterBytes).ok());
  EXPECT_TRUE(CheckLetter(std::string(1024, 'x').replace(0, 5, "%PDF-"), 1024).ok());
}

TEST(CheckLetter, RefusalsNameTheFieldAndTheReason) {
  struct Case {
    std::string bytes;
    size_t limit;
    std::string mentions;
  };
  const Case cases[] = {
      {"", kMaxLetterBytes, "'letter' is required"},
      {"<html>", kMaxLetterBytes, "must be a PDF"},
      {"%PDF", kMaxLetterBytes, "must be a PDF"},
      {"PK\x03\x04%PDF-", kMaxLetterBytes, "must be a PDF"},
      {std::string(1025, 'x').replace(0, 5, "%PDF-"), 1024, "the limit is 1 KiB (1024 bytes)"},
      {std::string(kMaxLetterBytes + 1, 'x').replace(0, 5, "%PDF-"), kMaxLetterBytes,
       "the limit is 5 MiB"},
  };
  for (const Case& c : cases) {
    Status s = CheckLetter(c.bytes, c.limit);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.mentions;
    EXPECT_NE(s.message().find("'letter'"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(c.mentions), std::string::npos) << s.message();
  }
}

TEST(SanitiseFilename, KeepsABaseNameWithoutControlsOrQuotes) {
  const std::pair<std::string, std::string> cases[] = {
      {"letter.pdf", "letter.pdf"},
      {"C:\\Users\\ana\\Note verbale.pdf", "Note verbale.pdf"},
      {"../../etc/passwd", "passwd"},
      {"a\r\nb\"c.pdf", "abc.pdf"},
      {"...hidden.pdf", "hidden.pdf"},
      {"", "letter.pdf"},
      {"/", "letter.pdf"},
      {"Lettre de créance.pdf", "Lettre de créance.pdf"},
      {"bad\xff\xfe utf8.pdf", "bad utf8.pdf"},
  };
  for (const auto& [in, out] : cases) {
    EXPECT_EQ(SanitiseFilename(in), out) << in;
  }
  std::string long_name = std::string(199, 'a') + "é.pdf";  // é straddles byte 200
  std::string cut = SanitiseFilename(long_name);
  EXPECT_EQ(cut, std::string(199, 'a'));
}

TEST(AttachmentDisposition, GivesAnAsciiFallbackAndTheUtf8Name) {
  EXPECT_EQ(AttachmentDisposition("letter.pdf"),
            "attachment; filename=\"letter.pdf\"; filename*=UTF-8''letter.pdf");
  EXPECT_EQ(AttachmentDisposition("créance 1.pdf"),
            "attachment; filename=\"cr__ance 1.pdf\"; filename*=UTF-8''cr%C3%A9ance%201.pdf");
}

}  // namespace
}  // namespace plenary::accreditation
