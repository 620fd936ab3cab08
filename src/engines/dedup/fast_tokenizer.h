#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engines/dedup/tokens.h"

namespace plenary::dedup {

// Tokenises texts written only in Latin, Greek, Cyrillic, Armenian or Arabic letters, digits and
// common punctuation, with one table look-up per character instead of ICU calls. The table is built
// once from ICU's own NFKC_Casefold mappings and Word_Break properties, and the segmentation
// applies the UAX #29 rules these scripts need (WB5 to WB13b), so the result equals the ICU path of
// Tokenizer (a property test holds it to that). Only characters that never combine with what
// precedes them qualify (a normalisation boundary before each), which makes per-character mapping
// exact.
//
// Returns false when `text` holds any character outside that set; `out` is then unspecified.
// Malformed UTF-8 also returns false (the caller validates). `scratch` is reused between calls.
// Thread-safe.
struct FastScratch {
  std::vector<uint16_t> mapped;
};
bool FastTokenize(std::string_view text, FastScratch* scratch, Tokens* out);

}  // namespace plenary::dedup
