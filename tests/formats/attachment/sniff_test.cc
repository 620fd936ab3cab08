#include <string>

#include <gtest/gtest.h>

#include "fixture.h"
#include "formats/attachment/attachment.h"
#include "zip_builder.h"

namespace plenary::attachment {
namespace {

using testing::BuildDocx;
using testing::BuildZip;
using testing::ReadFixture;
using testing::WordDocument;

std::string Refusal(std::string_view filename, std::string_view bytes) {
  auto kind = SniffKind(filename, bytes);
  EXPECT_FALSE(kind.has_value()) << filename;
  if (kind) {
    return "";
  }
  EXPECT_EQ(kind.error().code(), StatusCode::kInvalidArgument);
  return kind.error().message();
}

TEST(SniffKind, RecognisesEachKindByContentAndName) {
  std::string pdf = ReadFixture("sample.pdf");
  std::string docx = BuildDocx(WordDocument("<w:p><w:r><w:t>Hi</w:t></w:r></w:p>"));
  EXPECT_EQ(SniffKind("report.pdf", pdf), AttachmentKind::kPdf);
  EXPECT_EQ(SniffKind("REPORT.PDF", pdf), AttachmentKind::kPdf);
  EXPECT_EQ(SniffKind("contribution.docx", docx), AttachmentKind::kDocx);
  EXPECT_EQ(SniffKind("notes.txt", "plain words\n"), AttachmentKind::kText);
  EXPECT_EQ(SniffKind("notes.md", "# Résumé\n"), AttachmentKind::kText);
  EXPECT_EQ(SniffKind("notes.txt", "\xEF\xBB\xBFwith a BOM"), AttachmentKind::kText);
}

TEST(SniffKind, NamesTheFileWithoutItsDirectories) {
  EXPECT_EQ(Refusal("C:\\fakepath\\report.pdf", "PK\x03\x04 junk"),
            "report.pdf is not a PDF (it starts like a ZIP archive)");
  EXPECT_EQ(Refusal("uploads/2024/report.pdf", "hello"),
            "report.pdf is not a PDF (it is plain text)");
}

struct Mismatch {
  const char* filename;
  std::string bytes;
  const char* message;
};

TEST(SniffKind, RefusesAFileWhoseContentDoesNotMatchItsName) {
  std::string pdf = ReadFixture("sample.pdf");
  std::string docx = BuildDocx(WordDocument(""));
  const Mismatch cases[] = {
      {"report.pdf", docx, "report.pdf is not a PDF (it starts like a ZIP archive)"},
      {"report.pdf", "\x01\x02\x03\xff", "report.pdf is not a PDF (it does not start with %PDF-)"},
      {"report.pdf", "\x89PNG\r\n", "report.pdf is not a PDF (it starts like a PNG image)"},
      {"x.docx", pdf, "x.docx is not a DOCX file (not a ZIP archive: it starts like a PDF)"},
      {"x.docx", "just words", "x.docx is not a DOCX file (not a ZIP archive: it is plain text)"},
      {"x.docx", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "....",
       "x.docx is not a DOCX file (not a ZIP archive: it starts like an OLE file (an old .doc, "
       "or a password-protected Office document))"},
      {"x.docx", BuildZip({{"readme.txt", "hi"}}),
       "x.docx is not a DOCX file (a ZIP archive without [Content_Types].xml)"},
      {"x.docx", BuildZip({{"[Content_Types].xml", "<Types/>"}}),
       "x.docx is not a DOCX file (a ZIP archive without word/document.xml)"},
      {"x.docx", "PK\x03\x04 but nothing else",
       "x.docx is not a DOCX file (a damaged ZIP archive (Not a zip archive))"},
      {"notes.txt", pdf, "notes.txt is not a text file (it starts like a PDF)"},
      {"notes.md", docx, "notes.md is not a text file (it starts like a ZIP archive)"},
  };
  for (const Mismatch& c : cases) {
    EXPECT_EQ(Refusal(c.filename, c.bytes), c.message);
  }
}

TEST(SniffKind, RefusesUnsupportedNamesAndEmptyFiles) {
  EXPECT_EQ(Refusal("minutes.odt", "x"),
            "minutes.odt is not a type of file accepted here (.pdf, .docx, .txt, .md)");
  EXPECT_EQ(Refusal("README", "x"),
            "README is not a type of file accepted here (.pdf, .docx, .txt, .md)");
  EXPECT_EQ(Refusal("", "x"), "the attachment has no file name");
  EXPECT_EQ(Refusal("dir/", "x"), "the attachment has no file name");
  EXPECT_EQ(Refusal("empty.pdf", ""), "empty.pdf is empty");
}

TEST(ExtractText, RefusesAFileOverMaxBytesBeforeReadingIt) {
  std::string big(3 << 20, 'a');
  auto text = ExtractText("notes.txt", big, {.max_bytes = 2 << 20});
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(text.error().message(), "notes.txt is 3.0 MiB, more than max_bytes (2.0 MiB)");
}

TEST(AttachmentKindName, NamesEachKind) {
  EXPECT_EQ(AttachmentKindName(AttachmentKind::kPdf), "PDF");
  EXPECT_EQ(AttachmentKindName(AttachmentKind::kDocx), "DOCX");
  EXPECT_EQ(AttachmentKindName(AttachmentKind::kText), "text");
}

}  // namespace
}  // namespace plenary::attachment
