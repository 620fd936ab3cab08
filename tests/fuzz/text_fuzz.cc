// Language detection and search analysis on arbitrary bytes: term offsets lie inside the input,
// terms and snippets are valid UTF-8, and highlights lie inside their snippet.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "engines/text/analyzer.h"
#include "engines/text/language.h"
#include "engines/text/snippet.h"

namespace {

void Check(bool ok) {
  if (!ok) {
    __builtin_trap();
  }
}

bool IsTermCharacters(std::string_view term) {
  for (unsigned char c : term) {
    if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
      return false;  // ASCII punctuation, space or an upper-case letter
    }
  }
  return !term.empty() && term.size() <= plenary::text::kMaxTermBytes && plenary::IsValidUtf8(term);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace plenary::text;
  static constexpr std::array<std::string_view, 8> kLanguages = {"en", "fr", "es", "ru",
                                                                 "zh", "ar", "de", ""};
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string_view language = kLanguages[size == 0 ? 0 : data[0] % kLanguages.size()];
  const Analyzer& analyzer = SharedAnalyzer(language);

  const std::vector<Term> terms = analyzer.Terms(input);
  uint32_t previous_end = 0;
  std::vector<std::string> query;
  for (const Term& term : terms) {
    Check(term.begin < term.end && term.end <= input.size() && term.begin >= previous_end);
    Check(IsTermCharacters(term.text) && IsTermCharacters(term.folded));
    previous_end = term.end;
    if (query.size() < 3) {
      query.push_back(term.folded);
    }
  }
  // TermString is the terms' texts joined by single spaces.
  const std::string term_string = analyzer.TermString(input);
  Check(plenary::IsValidUtf8(term_string));
  std::string joined;
  for (const Term& term : terms) {
    joined += (joined.empty() ? "" : " ") + term.text;
  }
  Check(term_string == joined);

  const Snippet snippet = MakeSnippet(analyzer, input, query, 1 + size % 40);
  Check(plenary::IsValidUtf8(snippet.text));
  uint32_t at = 0;
  for (const auto& [first, second] : snippet.highlights) {
    Check(at <= first && first < second && second <= snippet.text.size());
    Check(plenary::IsValidUtf8(snippet.text.substr(first, second - first)));
    at = second;
  }

  const DetectedLanguage detected = DetectLanguage(input);
  Check(detected.percent >= 0 && detected.percent <= 100 && plenary::IsValidUtf8(detected.code));
  return 0;
}
