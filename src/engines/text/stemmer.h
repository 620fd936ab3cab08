#pragma once

#include <string_view>

struct sb_stemmer;

namespace plenary::text {

// One Snowball stemmer (libstemmer, UTF-8). Not thread-safe: each analysis worker owns its own.
class Stemmer {
 public:
  Stemmer() = default;
  // `algorithm` is a libstemmer name ("english", "french", ...); an unknown name gives a stemmer
  // that is not ok().
  explicit Stemmer(const char* algorithm);
  Stemmer(Stemmer&& other) noexcept;
  Stemmer& operator=(Stemmer&& other) noexcept;
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;
  ~Stemmer();

  bool ok() const { return stemmer_ != nullptr; }

  // The stem of a case-folded word, valid until the next call; the word itself when the stemmer
  // is not ok() or runs out of memory.
  std::string_view Stem(std::string_view word);

 private:
  sb_stemmer* stemmer_ = nullptr;
};

}  // namespace plenary::text
