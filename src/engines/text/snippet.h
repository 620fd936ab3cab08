#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engines/text/analyzer.h"

namespace plenary::text {

// A short passage of a text with the words a query matched, for a list of search results.
struct Snippet {
  // Valid UTF-8, cut only between characters, with each run of white space or control characters
  // made one space and bidirectional embedding controls dropped (a cut could leave one open).
  // Not escaped: the caller escapes it for HTML (MarkSnippet does both).
  std::string text;
  // Byte ranges [first, second) of `text` holding matched words, in order, not overlapping.
  std::vector<std::pair<uint32_t, uint32_t>> highlights;
  bool starts_mid = false;  // more text precedes (show an ellipsis)
  bool ends_mid = false;    // more text follows
};

// The window of `max_words` consecutive words of `text` (analysed as `language`) that holds the
// most distinct query terms, then the most matches, centred on its matches; the start of the
// text when nothing matches. A word matches when its term or its folded form is one of
// `query_terms`: pass each query word's stem and folded form (Analyzer::Terms), analysed in the
// query's language, so that a query in another language still highlights exact words.
// Punctuation attached to the window's first and last words is kept ("(see", "rights."). At most
// 32 bytes per word are kept, so one giant "word" cannot make a giant snippet. Only the first
// kMaxSnippetScanBytes are searched (about 50 ms of analysis): pass the page or section that
// matched when texts are longer. Thread-safe.
inline constexpr size_t kMaxSnippetScanBytes = size_t{1} << 20;
Snippet MakeSnippet(std::string_view text, std::string_view language,
                    const std::vector<std::string>& query_terms, size_t max_words = 30);
Snippet MakeSnippet(const Analyzer& analyzer, std::string_view text,
                    const std::vector<std::string>& query_terms, size_t max_words = 30);

// The snippet with each highlight wrapped in `open` and `close` (e.g. "<mark>", "</mark>"); the
// text around and inside highlights goes through `escape` (e.g. HTML escaping) when given, the
// markers never do.
std::string MarkSnippet(const Snippet& snippet, std::string_view open, std::string_view close,
                        const std::function<std::string(std::string_view)>& escape = nullptr);

}  // namespace plenary::text
