#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engines/dedup/fast_tokenizer.h"
#include "engines/dedup/tokens.h"

namespace plenary::dedup {

// Normalises a text (ICU NFKC with case folding, default-ignorables removed) and splits it into
// words by ICU word breaking (UAX #29, with dictionaries for Chinese, Japanese and Thai). Spaces
// and punctuation are dropped, and so is punctuation inside words ("don't" -> "dont", "3,000" ->
// "3000"), so that typographic variants fold together.
//
// Texts written in Latin, Greek, Cyrillic, Armenian or Arabic take an equivalent table-driven path
// (fast_tokenizer.h) that is several times faster. Not thread-safe: use one per thread.
class Tokenizer {
 public:
  // Fails with kInternal when ICU data cannot be loaded.
  static Result<Tokenizer> Create();

  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();

  // Errors: kInvalidArgument when `text` is not valid UTF-8; kResourceExhausted past 256 MiB.
  // An empty result is not an error here.
  Status Tokenize(std::string_view text, Tokens* out) { return Run(text, true, out); }

  // Same words for texts in scripts with spaces. Texts in scripts without (tokens.no_space_script)
  // are only split at spaces and punctuation, skipping dictionary segmentation: they are shingled
  // by characters, so word boundaries inside a run do not matter, and this is ten times faster.
  Status TokenizeForShingles(std::string_view text, Tokens* out) { return Run(text, false, out); }

  // The ICU path alone, for checking the fast path against it.
  Status TokenizeWithIcuForTest(std::string_view text, Tokens* out) {
    out->Clear();
    return TokenizeWithIcu(text, true, out);
  }

 private:
  struct IcuParts;
  explicit Tokenizer(std::unique_ptr<IcuParts> icu);
  Status Run(std::string_view text, bool dictionary_words, Tokens* out);
  Status TokenizeWithIcu(std::string_view text, bool dictionary_words, Tokens* out);
  Status Normalize(std::string_view text);
  void AppendSegment(int32_t start, int32_t end, Tokens* out);

  std::unique_ptr<IcuParts> icu_;
  FastScratch scratch_;
};

}  // namespace plenary::dedup
