// PDF: text through poppler-cpp, page by page in reading order.
#include <climits>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <fmt/core.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include "formats/attachment/readers.h"
#include "formats/attachment/utf8_text.h"

namespace plenary::attachment {
namespace {

// poppler prints its complaints about damaged files to stderr unless told otherwise; the
// caller gets a Status instead.
void SilencePoppler() {
  static std::once_flag once;
  std::call_once(
      once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

// A complete PDF ends with %%EOF (readers accept it within the last 1,024 bytes). Without it
// the file was cut, and poppler would rebuild what it can of a truncated file without a word.
bool HasEndMarker(std::string_view bytes) {
  std::string_view tail = bytes.substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0);
  return tail.find("%%EOF") != std::string_view::npos;
}

Status Damaged(std::string_view name, std::string_view why) {
  return InvalidArgument(fmt::format("{} is damaged or truncated ({})", name, why));
}

Result<ExtractedText> ReadPdf(std::string_view name, std::string_view bytes,
                              const AttachmentLimits& limits) {
  if (!HasEndMarker(bytes)) {
    return Error(Damaged(name, "it does not end with %%EOF"));
  }
  if (bytes.size() > INT_MAX) {
    return Error(InvalidArgument(fmt::format("{} is too large for the PDF reader", name)));
  }
  SilencePoppler();
  // poppler reads `bytes` in place; they outlive the document.
  std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (document == nullptr) {
    return Error(Damaged(name, "its structure cannot be read"));
  }
  // Checked first: poppler crashes when asked for the pages of a locked document.
  if (document->is_locked()) {
    return Error(InvalidArgument(
        fmt::format("{} is protected by a password; upload a copy without one", name)));
  }
  ExtractedText result{.kind = AttachmentKind::kPdf};
  result.pages = document->pages();
  if (result.pages <= 0) {
    return Error(Damaged(name, "it has no pages"));
  }
  if (result.pages > limits.max_pdf_pages) {
    return Error(InvalidArgument(fmt::format("{} has {} pages, more than max_pdf_pages ({})", name,
                                             result.pages, limits.max_pdf_pages)));
  }
  for (int i = 0; i < result.pages && !result.truncated; ++i) {
    std::unique_ptr<poppler::page> page(document->create_page(i));
    if (page == nullptr) {
      continue;
    }
    poppler::byte_array utf8 =
        page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
    std::string text(utf8.begin(), utf8.end());
    TrimTrailingSpace(text);
    // Pages are separated by a blank line; a page without text (a scan) adds nothing.
    if (!result.text.empty() && !text.empty()) {
      result.truncated = !AppendNormalized("\n\n", limits.max_text_bytes, result.text);
    }
    if (!result.truncated) {
      result.truncated = !AppendNormalized(text, limits.max_text_bytes, result.text);
    }
  }
  return result;
}

}  // namespace

Result<ExtractedText> ReadPdfText(std::string_view name, std::string_view bytes,
                                  const AttachmentLimits& limits) {
  try {
    return ReadPdf(name, bytes, limits);
  } catch (const std::exception& e) {  // poppler-cpp does not throw, but memory may run out
    return Error(Internal(fmt::format("{}: reading the PDF failed ({})", name, e.what())));
  }
}

}  // namespace plenary::attachment
