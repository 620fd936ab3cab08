#include "engines/text/snippet.h"

#include <algorithm>
#include <unordered_map>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace plenary::text {
namespace {

constexpr size_t kBytesPerWord = 32;
constexpr size_t kMinSnippetBytes = 64;
constexpr uint32_t kMaxAttachedBytes = 16;  // punctuation kept around the window

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// White space and controls, which a snippet shows as one space.
bool IsBlank(UChar32 c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || u_isUWhiteSpace(c);
}

// Bidirectional embeddings, overrides and isolates: a window may cut one from its terminator,
// and an unterminated one would reorder the page around the snippet.
bool IsBidiControl(UChar32 c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

using Ranges = std::vector<std::pair<uint32_t, uint32_t>>;

// Copies text[begin, end) into snippet->text (see Snippet::text), mapping `ranges` (ascending
// input byte ranges) to snippet->highlights; sets ends_mid when `max_bytes` cuts it short.
void CopyWindow(std::string_view text, uint32_t begin, uint32_t end, const Ranges& ranges,
                size_t max_bytes, Snippet* snippet) {
  std::string& out = snippet->text;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  size_t next = 0;  // the next range to open
  bool open = false;
  bool pending_space = false;
  auto close = [&] {
    if (open && snippet->highlights.back().first == out.size()) {
      snippet->highlights.pop_back();  // nothing of it was copied
    } else if (open) {
      snippet->highlights.back().second = static_cast<uint32_t>(out.size());
    }
    open = false;
  };
  for (auto i = static_cast<int32_t>(begin); i < static_cast<int32_t>(end);) {
    const auto at = static_cast<uint32_t>(i);
    if (open && at >= ranges[next - 1].second) {
      close();
    }
    UChar32 c = 0;
    U8_NEXT(s, i, static_cast<int32_t>(end), c);
    if (c < 0 || IsBidiControl(c)) {
      continue;  // dropped
    }
    if (IsBlank(c)) {
      pending_space = !out.empty();
      continue;
    }
    const size_t bytes = static_cast<size_t>(i) - at + (pending_space ? 1 : 0);
    if (out.size() + bytes > max_bytes) {
      snippet->ends_mid = true;
      break;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    while (!open && next < ranges.size() && at >= ranges[next].second) {
      ++next;  // a range that held only invalid bytes
    }
    if (!open && next < ranges.size() && at >= ranges[next].first) {
      snippet->highlights.emplace_back(static_cast<uint32_t>(out.size()), 0);
      open = true;
      ++next;
    }
    out.append(text.data() + at, static_cast<size_t>(i) - at);
  }
  close();
  // Touching highlights ("加强" "合作") become one.
  Ranges merged;
  for (const auto& range : snippet->highlights) {
    if (!merged.empty() && merged.back().second == range.first) {
      merged.back().second = range.second;
    } else {
      merged.push_back(range);
    }
  }
  snippet->highlights = std::move(merged);
}

// The window's start: the most distinct query terms, then the most matches; the earliest wins.
size_t BestWindow(const std::vector<int>& match, size_t query_size, size_t width) {
  std::vector<size_t> counts(query_size, 0);
  size_t distinct = 0;
  size_t total = 0;
  auto add = [&](int q, int sign) {
    if (q < 0) {
      return;
    }
    size_t& count = counts[static_cast<size_t>(q)];
    if (sign > 0) {
      distinct += count++ == 0 ? 1 : 0;
      ++total;
    } else {
      distinct -= --count == 0 ? 1 : 0;
      --total;
    }
  };
  for (size_t i = 0; i < width; ++i) {
    add(match[i], 1);
  }
  size_t best = 0;
  size_t best_score = distinct * (width + 1) + total;
  for (size_t start = 1; start + width <= match.size(); ++start) {
    add(match[start - 1], -1);
    add(match[start + width - 1], 1);
    const size_t score = distinct * (width + 1) + total;
    if (score > best_score) {
      best = start;
      best_score = score;
    }
  }
  if (best_score == 0) {
    return 0;
  }
  // Centre the matches: share the words around them between both sides.
  size_t first = best;
  while (match[first] < 0) {
    ++first;
  }
  size_t last = best + width - 1;
  while (match[last] < 0) {
    --last;
  }
  const size_t slack = width - (last - first + 1);
  const size_t start = first - std::min(first, slack / 2);
  return std::min(start, match.size() - width);
}

}  // namespace

Snippet MakeSnippet(const Analyzer& analyzer, std::string_view text,
                    const std::vector<std::string>& query_terms, size_t max_words) {
  Snippet snippet;
  max_words = std::max<size_t>(max_words, 1);
  const size_t max_bytes = std::max(kMinSnippetBytes, max_words * kBytesPerWord);
  const std::vector<Term> words = analyzer.Terms(text.substr(0, kMaxSnippetScanBytes));
  if (words.empty()) {
    const auto end = static_cast<uint32_t>(std::min(text.size(), kMaxSnippetScanBytes));
    CopyWindow(text, 0, end, {}, max_bytes, &snippet);
    snippet.ends_mid = snippet.ends_mid || end < text.size();
    return snippet;
  }
  std::unordered_map<std::string_view, int> query;
  for (const std::string& term : query_terms) {
    query.emplace(term, static_cast<int>(query.size()));
  }
  std::vector<int> match(words.size(), -1);
  for (size_t i = 0; i < words.size(); ++i) {
    auto found = query.find(words[i].text);
    if (found == query.end()) {
      found = query.find(words[i].folded);
    }
    match[i] = found == query.end() ? -1 : found->second;
  }
  const size_t width = std::min(max_words, words.size());
  const size_t first = BestWindow(match, query.size(), width);
  const size_t last = first + width - 1;

  // Keep punctuation attached to the first and last words, up to the neighbouring words.
  uint32_t begin = words[first].begin;
  const uint32_t floor = first == 0 ? 0 : words[first - 1].end;
  while (begin > floor && words[first].begin - begin < kMaxAttachedBytes &&
         !IsAsciiSpace(text[begin - 1])) {
    --begin;
  }
  uint32_t end = words[last].end;
  const auto ceiling =
      last + 1 == words.size() ? static_cast<uint32_t>(text.size()) : words[last + 1].begin;
  while (end < ceiling && end - words[last].end < kMaxAttachedBytes && !IsAsciiSpace(text[end])) {
    ++end;
  }
  Ranges ranges;
  for (size_t i = first; i <= last; ++i) {
    if (match[i] >= 0) {
      ranges.emplace_back(words[i].begin, words[i].end);
    }
  }
  CopyWindow(text, begin, end, ranges, max_bytes, &snippet);
  snippet.starts_mid = !std::all_of(text.begin(), text.begin() + begin, IsAsciiSpace);
  snippet.ends_mid = snippet.ends_mid || !std::all_of(text.begin() + end, text.end(), IsAsciiSpace);
  return snippet;
}

Snippet MakeSnippet(std::string_view text, std::string_view language,
                    const std::vector<std::string>& query_terms, size_t max_words) {
  return MakeSnippet(SharedAnalyzer(language), text, query_terms, max_words);
}

std::string MarkSnippet(const Snippet& snippet, std::string_view open, std::string_view close,
                        const std::function<std::string(std::string_view)>& escape) {
  std::string out;
  auto append = [&](uint32_t from, uint32_t to) {
    const std::string_view part = std::string_view(snippet.text).substr(from, to - from);
    if (escape) {
      out += escape(part);
    } else {
      out += part;
    }
  };
  uint32_t at = 0;
  for (const auto& [first, second] : snippet.highlights) {
    append(at, first);
    out += open;
    append(first, second);
    out += close;
    at = second;
  }
  append(at, static_cast<uint32_t>(snippet.text.size()));
  return out;
}

}  // namespace plenary::text
