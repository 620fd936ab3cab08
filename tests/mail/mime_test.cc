// The encodings, checked against RFC vectors and against an independent decoder
// (mail_reader.h): what a receiving mail program would show must be the original text.
#include "mail/mime.h"

#include <gtest/gtest.h>

#include "core/text.h"
#include "mail_reader.h"

namespace plenary::mail {
namespace {

const std::string kFrench =
    "Décision d'accréditation : votre demande est acceptée — « Forum sur la gouvernance de "
    "l'Internet »";
const std::string kArabic = "قرار الاعتماد: تمت الموافقة على طلبكم للمشاركة في المنتدى";
const std::string kChinese = "认证决定：您参加互联网治理论坛的申请已获批准";

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (true) {
    size_t end = text.find("\r\n", start);
    lines.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) {
      return lines;
    }
    start = end + 2;
  }
}

// No LF without its CR, no CR without its LF.
bool OnlyCrlf(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) {
      return false;
    }
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) {
      return false;
    }
  }
  return true;
}

TEST(EmailEncoding, Base64MatchesRfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(EncodeBase64(plain), encoded) << plain;
  }
}

TEST(EmailEncoding, Base64WrapsAt76Characters) {
  std::string bytes = kChinese + kArabic + kChinese;
  std::string encoded = EncodeBase64(bytes);
  EXPECT_TRUE(OnlyCrlf(encoded));
  std::vector<std::string_view> lines = Lines(encoded);
  ASSERT_GT(lines.size(), 2u);
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    EXPECT_EQ(lines[i].size(), 76u);
  }
  EXPECT_EQ(DecodeBase64(encoded), bytes);
}

TEST(EmailEncoding, QuotedPrintableEscapesWhatItMust) {
  EXPECT_EQ(EncodeQuotedPrintable("a=b"), "a=3Db");
  EXPECT_EQ(EncodeQuotedPrintable("café"), "caf=C3=A9");
  EXPECT_EQ(EncodeQuotedPrintable("end \r\nnext\t"), "end=20\r\nnext=09");
  EXPECT_EQ(EncodeQuotedPrintable("a b\r\n\r\nc"), "a b\r\n\r\nc");
}

TEST(EmailEncoding, QuotedPrintableKeepsLinesShortAndRoundTrips) {
  std::string text = std::string(200, 'x') + "\r\n" + kFrench + kFrench + " \r\n" + "=" +
                     std::string(100, '=') + "\r\n.\r\n";
  std::string encoded = EncodeQuotedPrintable(text);
  EXPECT_TRUE(OnlyCrlf(encoded));
  for (std::string_view line : Lines(encoded)) {
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_TRUE(IsAscii(line));
    EXPECT_FALSE(line.ends_with(" ") || line.ends_with("\t")) << line;
  }
  EXPECT_EQ(DecodeQuotedPrintable(encoded), text);
}

TEST(EmailEncoding, EncodedWordsAreShortWholeCharactersAndDecodeBack) {
  for (const std::string& text : {kFrench, kArabic, kChinese, kChinese + kArabic + kFrench}) {
    std::string field = "Subject: " + EncodeWords(text, 9);
    EXPECT_TRUE(OnlyCrlf(field));
    for (std::string_view line : Lines(field)) {
      EXPECT_LE(line.size(), 78u) << line;
      std::string_view word = Trim(line.starts_with("Subject: ") ? line.substr(9) : line);
      EXPECT_LE(word.size(), 75u);
      EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
      EXPECT_TRUE(IsValidUtf8(DecodeWords(word))) << "a character was cut: " << word;
    }
    EXPECT_EQ(DecodeWords(ReadMessage(field + "\r\n\r\n").Field("Subject")), text);
  }
}

TEST(EmailEncoding, UnstructuredFieldStaysPlainOnlyWhenItCan) {
  EXPECT_EQ(UnstructuredField("Subject", "Your accreditation"), "Subject: Your accreditation");
  for (const std::string& value :
       {kFrench, std::string("looks =?UTF-8?B?encoded?= but is not"), std::string(100, 'a')}) {
    std::string field = UnstructuredField("Subject", value);
    EXPECT_TRUE(field.starts_with("Subject: =?UTF-8?B?")) << field;
    EXPECT_EQ(DecodeWords(ReadMessage(field + "\r\n\r\n").Field("Subject")), value);
  }
}

TEST(EmailEncoding, PhraseIsAtomsQuotedOrEncoded) {
  EXPECT_EQ(EncodePhrase("Plenary Secretariat", 6), "Plenary Secretariat");
  EXPECT_EQ(EncodePhrase("Doe, Jane", 6), "\"Doe, Jane\"");
  EXPECT_EQ(EncodePhrase("a\\b", 6), "\"a\\\\b\"");
  std::string encoded = EncodePhrase("Secrétariat", 6);
  EXPECT_TRUE(encoded.starts_with("=?UTF-8?B?"));
  EXPECT_EQ(DecodeWords(encoded), "Secrétariat");
}

TEST(EmailEncoding, FormatsRfc5322Dates) {
  EXPECT_EQ(FormatRfc5322Date(*ParseIso8601("2026-03-01T09:00:00Z")),
            "Sun, 01 Mar 2026 09:00:00 +0000");
  EXPECT_EQ(FormatRfc5322Date(*ParseIso8601("2024-02-29T23:59:59.999Z")),
            "Thu, 29 Feb 2024 23:59:59 +0000");
  EXPECT_EQ(FormatRfc5322Date(*ParseIso8601("1999-12-31T00:00:00Z")),
            "Fri, 31 Dec 1999 00:00:00 +0000");
}

TEST(EmailEncoding, NormalizesEveryLineBreakToCrlf) {
  EXPECT_EQ(NormalizeLineBreaks("a\nb\r\nc\rd\n\n"), "a\r\nb\r\nc\r\nd\r\n\r\n");
  EXPECT_EQ(NormalizeLineBreaks("\r\r\n"), "\r\n\r\n");
}

}  // namespace
}  // namespace plenary::mail
