#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/text.h"
#include "fixture.h"
#include "formats/attachment/attachment.h"

namespace plenary::attachment {
namespace {

using testing::ReadFixture;

// sample.pdf: two pages of English, French and Arabic (fixtures/make_pdfs.py).
TEST(PdfText, ExtractsEveryPageInReadingOrder) {
  std::string pdf = ReadFixture("sample.pdf");
  auto text = ExtractText("sample.pdf", pdf);
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_EQ(text->kind, AttachmentKind::kPdf);
  EXPECT_EQ(text->media_type, "application/pdf");
  EXPECT_EQ(text->pages, 2);
  EXPECT_FALSE(text->truncated);
  EXPECT_EQ(text->text,
            "Call for contributions: Internet governance\n"
            "Résumé des contributions reçues à Genève\n"
            "End of page one.\n"
            "\n"
            "Second page: closing remarks\n"
            "حوكمة الإنترنت\n"  // drawn right to left, read in logical order
            "Fin de la deuxième page, déjà.");
}

TEST(PdfText, ATruncatedPdfIsRefusedAsDamaged) {
  std::string pdf = ReadFixture("sample.pdf");
  auto text = ExtractText("report.pdf", pdf.substr(0, pdf.size() / 2));
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(text.error().message(),
            "report.pdf is damaged or truncated (it does not end with %%EOF)");
}

TEST(PdfText, APdfWhoseStructureIsUnreadableIsRefusedSilently) {
  // The end marker is there, but nothing before it is a PDF object.
  std::string pdf = "%PDF-1.7\n" + std::string(2000, 'x') + "\n%%EOF\n";
  ::testing::internal::CaptureStderr();
  auto text = ExtractText("report.pdf", pdf);
  std::string printed = ::testing::internal::GetCapturedStderr();
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().message(),
            "report.pdf is damaged or truncated (its structure cannot be read)");
  EXPECT_EQ(printed, "");  // poppler's complaints are silenced
}

TEST(PdfText, APasswordProtectedPdfIsRefused) {
  auto text = ExtractText("locked.pdf", ReadFixture("locked.pdf"));
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(text.error().message(),
            "locked.pdf is protected by a password; upload a copy without one");
}

// Encrypted with an owner password only, as many published PDFs are: anyone may open it, so
// its text is extracted like any other.
TEST(PdfText, APdfRestrictedOnlyByItsOwnerIsRead) {
  auto text = ExtractText("restricted.pdf", ReadFixture("restricted.pdf"));
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_NE(text->text.find("Résumé des contributions"), std::string::npos);
}

TEST(PdfText, RefusesMorePagesThanTheLimit) {
  auto text = ExtractText("report.pdf", ReadFixture("sample.pdf"), {.max_pdf_pages = 1});
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().message(), "report.pdf has 2 pages, more than max_pdf_pages (1)");
}

TEST(PdfText, IsCutAtMaxTextBytes) {
  auto text = ExtractText("report.pdf", ReadFixture("sample.pdf"), {.max_text_bytes = 60});
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_TRUE(text->truncated);
  EXPECT_LE(text->text.size(), 60u);
  EXPECT_TRUE(IsValidUtf8(text->text));
  EXPECT_TRUE(text->text.starts_with("Call for contributions: Internet governance\nR"));
}

TEST(PdfText, SeveralThreadsMayExtractAtOnce) {
  std::string pdf = ReadFixture("sample.pdf");
  std::vector<std::thread> threads;
  std::vector<int> pages(4);
  for (size_t t = 0; t < pages.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        auto text = ExtractText("sample.pdf", pdf);
        pages[t] += text ? text->pages : -1000;
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (int count : pages) {
    EXPECT_EQ(count, 40);
  }
}

}  // namespace
}  // namespace plenary::attachment
