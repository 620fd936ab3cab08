#include <cstdint>
#include <string>
#include <string_view>

#include "core/text.h"
#include "formats/attachment/attachment.h"

namespace {

using plenary::attachment::AttachmentKind;

// Small limits, so that the cap and the page limit are exercised too.
constexpr plenary::attachment::AttachmentLimits kLimits = {
    .max_bytes = 1 << 20,
    .max_pdf_pages = 8,
    .max_docx_uncompressed = 4 << 20,
    .max_zip_entries = 64,
    .max_text_bytes = 2000,
};

void Check(std::string_view filename, AttachmentKind kind, std::string_view bytes) {
  auto text = plenary::attachment::ExtractText(filename, bytes, kLimits);
  if (!text) {
    // Every refusal names the file.
    if (text.error().message().find(filename) == std::string::npos) {
      __builtin_trap();
    }
    return;
  }
  const std::string& out = text->text;
  if (text->kind != kind || out.size() > kLimits.max_text_bytes || !plenary::IsValidUtf8(out)) {
    __builtin_trap();
  }
  for (char c : out) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      __builtin_trap();
    }
  }
}

}  // namespace

// Each input is tried under the three names: a file whose content does not match its name must
// be refused, and one that matches must give valid, capped text.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Check("input.pdf", AttachmentKind::kPdf, bytes);
  Check("input.docx", AttachmentKind::kDocx, bytes);
  Check("input.txt", AttachmentKind::kText, bytes);
  return 0;
}
