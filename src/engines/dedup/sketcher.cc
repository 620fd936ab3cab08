#include "engines/dedup/sketcher.h"

#include <string>

#include "engines/dedup/minhash.h"
#include "engines/dedup/shingles.h"

namespace plenary::dedup {

Result<Sketcher> Sketcher::Create(const Options& options, LshParams lsh) {
  ASSIGN_OR_RETURN(Tokenizer tokenizer, Tokenizer::Create());
  return Sketcher(options, lsh, std::move(tokenizer));
}

Status Sketcher::Compute(std::string_view text, uint64_t* exact_hash, std::span<uint16_t> signature,
                         std::span<uint32_t> band_keys) {
  if (text.size() > options_.max_text_bytes) {
    return ResourceExhausted("text of " + std::to_string(text.size()) +
                             " bytes exceeds the limit of " +
                             std::to_string(options_.max_text_bytes));
  }
  RETURN_IF_ERROR(tokenizer_.TokenizeForShingles(text, &tokens_));
  if (tokens_.empty()) {
    return InvalidArgument("text has no words after normalisation");
  }
  HashUnits(tokens_, options_.seed, &units_);
  if (HasOneDistinctUnit(units_)) {
    return InvalidArgument("text is a single word, possibly repeated");
  }
  *exact_hash = HashSequence(units_, options_.seed ^ (tokens_.no_space_script() ? 1 : 0));
  const int size = tokens_.no_space_script() ? options_.shingle_chars : options_.shingle_words;
  HashShingles(units_, size, &shingles_);
  full_signature_.resize(signature.size());
  ComputeMinHash(shingles_, options_.seed, full_signature_);
  for (size_t i = 0; i < signature.size(); ++i) {
    signature[i] = static_cast<uint16_t>(full_signature_[i]);
  }
  ComputeBandKeys(full_signature_, lsh_, options_.seed, band_keys);
  return Status::Ok();
}

}  // namespace plenary::dedup
