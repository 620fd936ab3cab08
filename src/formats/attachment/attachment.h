#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace plenary::attachment {

// The files a call for contributions accepts as attachments.
enum class AttachmentKind { kPdf, kDocx, kText };

// "PDF", "DOCX", "text".
std::string_view AttachmentKindName(AttachmentKind kind);

// What one attachment may cost. Every limit is a refusal (kInvalidArgument naming the field),
// except max_text_bytes, which cuts the extracted text and sets ExtractedText::truncated.
struct AttachmentLimits {
  size_t max_bytes = 20 << 20;  // the file as uploaded
  int max_pdf_pages = 500;
  size_t max_docx_uncompressed = 50 << 20;  // all entries of the ZIP archive, as declared
  double max_compression_ratio = 100;       // per ZIP entry of 1 MiB or more
  size_t max_zip_entries = 2000;
  size_t max_docx_xml_memory = 128 << 20;  // parsing one XML part of a DOCX (its DOM)
  size_t max_text_bytes = 5 << 20;         // the extracted text, after normalisation
};

// The searchable text of an attachment: valid UTF-8, lines ending in "\n", no control
// characters but "\n" and "\t", no bidirectional embedding or override marks, at most
// max_text_bytes (cut on a character boundary, with truncated set).
struct ExtractedText {
  AttachmentKind kind = AttachmentKind::kText;
  std::string media_type;  // "application/pdf", ..., "text/plain; charset=utf-8"
  std::string text;
  int pages = 0;  // PDF only
  bool truncated = false;
};

// Decides what `bytes` are from their content (%PDF-; a ZIP archive holding
// [Content_Types].xml and word/document.xml; UTF-8 text) and checks that it matches the
// extension of `filename` (.pdf, .docx, .txt or .md, any case; directories are ignored).
// Errors are kInvalidArgument and name the file and the problem:
//   "report.pdf is not a PDF (it starts like a ZIP archive)"
//   "notes.docx is not a DOCX file (not a ZIP archive: it starts like a PDF)"
//   "notes.txt is not valid UTF-8 (line 3, byte offset 41); save it as UTF-8"
// An empty file, an unsupported extension, a NUL byte and UTF-16 text are refused too.
Result<AttachmentKind> SniffKind(std::string_view filename, std::string_view bytes);

// Checks `bytes` against the limits and SniffKind, then extracts their text. The bytes are
// only read, never changed or copied into the result: the caller keeps the original.
// Errors, all kInvalidArgument naming the file: a limit exceeded (named as in
// AttachmentLimits); a PDF damaged or truncated, or protected by a password; a DOCX that is a
// zip bomb, or whose XML is not well-formed or too dense to parse. kInternal when a library fails
// unexpectedly. Nothing is printed and no exception escapes. Safe to call from several threads at
// once.
Result<ExtractedText> ExtractText(std::string_view filename, std::string_view bytes,
                                  const AttachmentLimits& limits = {});

}  // namespace plenary::attachment
