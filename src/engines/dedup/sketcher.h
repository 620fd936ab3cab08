#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engines/dedup/lsh.h"
#include "engines/dedup/options.h"
#include "engines/dedup/tokenizer.h"

namespace plenary::dedup {

// Turns one text into what the index keeps of it: the hash of its normalised form (the exact-
// duplicate fast path), its 16-bit MinHash signature, and its LSH band keys. Pure and
// deterministic; one Sketcher per thread (it reuses its buffers).
class Sketcher {
 public:
  static Result<Sketcher> Create(const Options& options, LshParams lsh);

  // `signature` holds options.num_bins values and `band_keys` lsh.bands. Errors, each leaving
  // the outputs unspecified: kResourceExhausted past options.max_text_bytes; kInvalidArgument for
  // invalid UTF-8, a text without words, and a text of one word repeated (such texts must never
  // join a cluster).
  Status Compute(std::string_view text, uint64_t* exact_hash, std::span<uint16_t> signature,
                 std::span<uint32_t> band_keys);

  Tokenizer& tokenizer() { return tokenizer_; }

 private:
  Sketcher(const Options& options, LshParams lsh, Tokenizer tokenizer)
      : options_(options), lsh_(lsh), tokenizer_(std::move(tokenizer)) {}

  Options options_;
  LshParams lsh_;
  Tokenizer tokenizer_;
  Tokens tokens_;
  std::vector<uint64_t> units_;
  std::vector<uint64_t> shingles_;
  std::vector<uint32_t> full_signature_;
};

}  // namespace plenary::dedup
