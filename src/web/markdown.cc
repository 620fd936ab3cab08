#include "web/markdown.h"

#include <md4c-html.h>

#include "core/text.h"

namespace plenary::web {
namespace {

void Append(const MD_CHAR* text, MD_SIZE size, void* out) {
  static_cast<std::string*>(out)->append(text, size);
}

bool SafeUrl(std::string_view url) {
  std::string lower = AsciiLower(url.substr(0, 16));
  if (lower.starts_with("http://") || lower.starts_with("https://") ||
      lower.starts_with("mailto:") || lower.starts_with('#') || lower.starts_with('?')) {
    return true;
  }
  // A relative address has no scheme: no ':' before the first '/', '?' or '#'.
  size_t colon = url.find(':');
  size_t end = url.find_first_of("/?#");
  return colon == std::string_view::npos || (end != std::string_view::npos && end < colon);
}

// md4c escapes attribute values, so each one ends at the next '"'.
void NeutraliseUrls(std::string& html, std::string_view attribute) {
  size_t at = 0;
  while ((at = html.find(attribute, at)) != std::string::npos) {
    size_t start = at + attribute.size();
    size_t end = html.find('"', start);
    if (end == std::string::npos) {
      return;
    }
    std::string url = html.substr(start, end - start);
    // Entities could hide a scheme ("javascript&#58;"): only plain addresses pass.
    if (!SafeUrl(url) || url.find("&#") != std::string::npos) {
      html.replace(start, end - start, "#");
      end = start + 1;
    }
    at = end;
  }
}

}  // namespace

std::string RenderMarkdown(std::string_view markdown) {
  std::string html;
  html.reserve(markdown.size() + markdown.size() / 4);
  unsigned parser = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
  if (md_html(markdown.data(), static_cast<MD_SIZE>(markdown.size()), Append, &html, parser, 0) !=
      0) {
    return {};
  }
  NeutraliseUrls(html, "href=\"");
  NeutraliseUrls(html, "src=\"");
  return html;
}

}  // namespace plenary::web
