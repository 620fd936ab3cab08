#pragma once

#include <cstddef>
#include <cstdint>

namespace plenary::dedup {

// Every knob of the engine. The defaults are the issue's: 5-word shingles, Jaccard 0.8.
struct Options {
  // Word k-grams for scripts that separate words with spaces.
  int shingle_words = 5;
  // Character n-grams for scripts that do not (Chinese, Japanese, Thai...).
  int shingle_chars = 4;
  // MinHash bins (one-permutation hashing); the LSH bands use b * r <= num_bins of them.
  int num_bins = 128;
  // Jaccard similarity at or above which two comments are near-duplicates.
  double threshold = 0.8;
  // Seed of every hash; the same seed gives the same clusters.
  uint64_t seed = 0x5eed'd0c5'0f'f1ceULL;
  // Longer texts are refused with kResourceExhausted.
  size_t max_text_bytes = 4u << 20;
  // At most this many entries are kept per LSH bucket (bounds work on huge campaigns).
  int bucket_capacity = 8;
  // Worker threads for AddBatch (1 = the calling thread only).
  int threads = 2;
};

}  // namespace plenary::dedup
