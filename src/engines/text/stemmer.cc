#include "engines/text/stemmer.h"

#include <utility>

#include <libstemmer.h>

namespace plenary::text {

Stemmer::Stemmer(const char* algorithm) : stemmer_(sb_stemmer_new(algorithm, "UTF_8")) {}

Stemmer::Stemmer(Stemmer&& other) noexcept : stemmer_(std::exchange(other.stemmer_, nullptr)) {}

Stemmer& Stemmer::operator=(Stemmer&& other) noexcept {
  if (this != &other) {
    if (stemmer_ != nullptr) {
      sb_stemmer_delete(stemmer_);
    }
    stemmer_ = std::exchange(other.stemmer_, nullptr);
  }
  return *this;
}

Stemmer::~Stemmer() {
  if (stemmer_ != nullptr) {
    sb_stemmer_delete(stemmer_);
  }
}

std::string_view Stemmer::Stem(std::string_view word) {
  if (stemmer_ == nullptr) {
    return word;
  }
  const sb_symbol* stem = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                          static_cast<int>(word.size()));
  if (stem == nullptr) {
    return word;
  }
  return {reinterpret_cast<const char*>(stem), static_cast<size_t>(sb_stemmer_length(stemmer_))};
}

}  // namespace plenary::text
