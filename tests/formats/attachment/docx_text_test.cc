#include <string>

#include <gtest/gtest.h>

#include "core/text.h"
#include "fixture.h"
#include "formats/attachment/attachment.h"
#include "zip_builder.h"

namespace plenary::attachment {
namespace {

using testing::BuildDocx;
using testing::BuildZip;
using testing::SetDeclaredSize;
using testing::WordDocument;

std::string Paragraph(std::string_view text) {
  return "<w:p><w:r><w:t>" + std::string(text) + "</w:t></w:r></w:p>";
}

std::string Refusal(const std::string& docx, const AttachmentLimits& limits = {}) {
  auto text = ExtractText("contribution.docx", docx, limits);
  EXPECT_FALSE(text);
  if (text) {
    return "";
  }
  EXPECT_EQ(text.error().code(), StatusCode::kInvalidArgument);
  return text.error().message();
}

TEST(DocxText, ExtractsParagraphsRunsTabsBreaksAndTables) {
  std::string body =
      R"(<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>)"
      R"(<w:r><w:t xml:space="preserve">Résumé </w:t></w:r><w:r><w:rPr><w:b/></w:rPr>)"
      R"(<w:t>reçu</w:t></w:r><w:r><w:tab/><w:t>à Genève</w:t></w:r></w:p>)"
      R"(<w:p><w:r><w:t>line</w:t><w:br/><w:t>break</w:t><w:t xml:space="preserve"> </w:t>)"
      R"(<w:t>e</w:t><w:noBreakHyphen/><w:t>mail</w:t></w:r></w:p>)"
      R"(<w:p><w:r><w:t>حوكمة الإنترنت</w:t></w:r></w:p>)"
      R"(<w:tbl><w:tr><w:tc>)" +
      Paragraph("cell 1") + R"(</w:tc><w:tc>)" + Paragraph("cell 2") +
      R"(</w:tc></w:tr></w:tbl>)"
      R"(<w:p><w:r><w:t>kept</w:t></w:r><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del>)"
      R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>)"
      R"(<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>)" +
      Paragraph("in a text box") +
      R"(</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>)" +
      Paragraph("in a text box") +
      R"(</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>)"
      R"(<w:sectPr/>)";
  auto text = ExtractText("contribution.docx", BuildDocx(WordDocument(body)));
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_EQ(text->kind, AttachmentKind::kDocx);
  EXPECT_EQ(text->media_type,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(text->text,
            "Résumé reçu\tà Genève\n"
            "line\nbreak e-mail\n"
            "حوكمة الإنترنت\n"
            "cell 1\ncell 2\n"
            "kept\n"
            "in a text box");
  EXPECT_FALSE(text->truncated);
}

TEST(DocxText, AppendsFootnotesAndEndnotes) {
  std::string footnotes =
      R"(<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
      R"(<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>)"
      R"(<w:footnote w:id="1">)" +
      Paragraph("A footnote.") + "</w:footnote></w:footnotes>";
  std::string docx =
      BuildDocx(WordDocument(Paragraph("Body.")), {{"word/footnotes.xml", footnotes}});
  auto text = ExtractText("contribution.docx", docx);
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_EQ(text->text, "Body.\n\nA footnote.");
}

TEST(DocxText, ReadsAnyPrefixBoundToWordprocessingML) {
  std::string xml =
      R"(<doc:document xmlns:doc="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
      R"(<doc:body><doc:p><doc:r><doc:t>prefixed</doc:t></doc:r></doc:p></doc:body></doc:document>)";
  auto text = ExtractText("contribution.docx", BuildDocx(xml));
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_EQ(text->text, "prefixed");
}

TEST(DocxText, IsCutAtMaxTextBytes) {
  std::string body;
  for (int i = 0; i < 1000; ++i) {
    body += Paragraph("Ça déborde");
  }
  auto text =
      ExtractText("contribution.docx", BuildDocx(WordDocument(body)), {.max_text_bytes = 1001});
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_TRUE(text->truncated);
  EXPECT_LE(text->text.size(), 1001u);
  EXPECT_TRUE(IsValidUtf8(text->text));
}

TEST(DocxText, MalformedXmlIsRefusedNamingThePart) {
  std::string xml = WordDocument("<w:p><w:r><w:t>open</w:r></w:p>");
  size_t wrong_end_tag = xml.find("</w:r>");
  EXPECT_EQ(Refusal(BuildDocx(xml)),
            "contribution.docx: word/document.xml is not well-formed XML (Start-end tags "
            "mismatch at byte offset " +
                std::to_string(wrong_end_tag + 2) + ")");
}

TEST(DocxText, EntitiesAreNotExpanded) {
  std::string xml =
      R"(<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>)" +
      WordDocument(Paragraph("&b;&amp;"))
          .substr(std::string_view(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)")
                      .size() +
                  1);
  auto text = ExtractText("contribution.docx", BuildDocx(xml));
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_EQ(text->text, "&b;&");
}

TEST(DocxText, AZipBombIsRefusedByItsDeclaredSizeBeforeInflating) {
  // 60 MiB of zeros deflate to about 60 KiB.
  std::string bomb = BuildDocx(WordDocument(Paragraph(std::string(60 << 20, '0'))));
  ASSERT_LT(bomb.size(), 1u << 20);
  EXPECT_EQ(Refusal(bomb),
            "contribution.docx: 60.0 MiB once uncompressed, more than max_docx_uncompressed "
            "(50.0 MiB): a zip bomb?");
}

TEST(DocxText, AnEntryCompressedBeyondTheRatioIsRefused) {
  std::string docx = BuildDocx(WordDocument(Paragraph("ok")),
                               {{"word/media/zeros.bin", std::string(4 << 20, '\0')}});
  std::string message = Refusal(docx);
  EXPECT_TRUE(
      message.starts_with("contribution.docx: word/media/zeros.bin is compressed from "
                          "4.0 MiB to "))
      << message;
  EXPECT_TRUE(message.ends_with(", more than max_compression_ratio (100:1): a zip bomb?"))
      << message;
}

// Declared sizes are what the checks before inflating see; libzip would inflate past them.
TEST(DocxText, AnEntryThatInflatesPastItsDeclaredSizeIsCutOff) {
  std::string docx = BuildDocx(WordDocument(Paragraph(std::string(100000, 'a'))));
  SetDeclaredSize(docx, "word/document.xml", 1000);
  EXPECT_EQ(Refusal(docx),
            "contribution.docx: word/document.xml inflates past the 1000 bytes it declares: a zip "
            "bomb?");
}

// Tiny tags deflate well enough to pass the ratio, yet a DOM needs about 64 bytes for each.
TEST(DocxText, MarkupTooDenseToParseWithinMaxDocxXmlMemoryIsRefused) {
  std::string tags;
  for (int i = 0; i < 100000; ++i) {
    tags += i % 2 == 0 ? "<w:p/>" : "<w:r/>";
  }
  std::string docx = BuildDocx(WordDocument(tags));
  EXPECT_EQ(Refusal(docx, {.max_docx_xml_memory = 1 << 20}),
            "contribution.docx: word/document.xml needs more than max_docx_xml_memory (1.0 MiB) "
            "to parse: too many XML elements");
  EXPECT_TRUE(ExtractText("contribution.docx", docx, {.max_docx_xml_memory = 16 << 20}));
}

TEST(DocxText, TooManyEntriesAreRefused) {
  testing::ZipEntries extra;
  for (int i = 0; i < 10; ++i) {
    extra.emplace_back("word/media/image" + std::to_string(i) + ".png", "x");
  }
  EXPECT_EQ(Refusal(BuildDocx(WordDocument(""), extra), {.max_zip_entries = 12}),
            "contribution.docx: 13 ZIP entries, more than max_zip_entries (12)");
}

TEST(DocxText, APdfNamedDocxIsRefused) {
  auto text = ExtractText("contribution.docx", testing::ReadFixture("sample.pdf"));
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().message(),
            "contribution.docx is not a DOCX file (not a ZIP archive: it starts like a PDF)");
}

}  // namespace
}  // namespace plenary::attachment
