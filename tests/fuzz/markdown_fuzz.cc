// Markdown from anyone (contributions, answers, proposals) on arbitrary bytes: the page's HTML
// never holds a live tag or address from the input, and the reader's text of valid UTF-8 is
// valid UTF-8 with none of the input's raw HTML turned into markup.
#include <cctype>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "core/text.h"
#include "web/markdown.h"

namespace {

// The tags md4c's HTML renderer writes with RenderMarkdown's flags.
const std::set<std::string, std::less<>> kTags = {
    "p",     "em", "strong", "a",  "code", "pre", "h1",         "h2",    "h3",
    "h4",    "h5", "h6",     "ul", "ol",   "li",  "blockquote", "table", "thead",
    "tbody", "tr", "th",     "td", "del",  "img", "br",         "hr"};

void Check(bool ok) {
  if (!ok) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string html = plenary::web::RenderMarkdown(input);
  // Every tag is one md4c writes (the input's own are escaped), and no address is a script's.
  for (size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    size_t end = at + 1 + (at + 1 < html.size() && html[at + 1] == '/' ? 1 : 0);
    size_t name_end = end;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) {
      ++name_end;
    }
    Check(kTags.contains(html.substr(end, name_end - end)));
  }
  const std::string lower = plenary::AsciiLower(html);
  for (std::string_view live : {"src=\"javascript:", "href=\"javascript:", "href=\"data:",
                                "src=\"data:", "href=\"vbscript:"}) {
    Check(lower.find(live) == std::string::npos);
  }
  const std::string text = plenary::web::MarkdownText(input);
  if (plenary::IsValidUtf8(input)) {
    Check(plenary::IsValidUtf8(text));
  }
  return 0;
}
