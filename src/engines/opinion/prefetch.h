#pragma once

#include <cstddef>
#include <span>

namespace plenary::opinion {

// Asks for the cache lines of `values` in address order, for writing. Counting a batch of
// changes into tallies writes most of their lines at random; when the tallies were evicted
// since the last update, lines asked for in order (the hardware prefetcher follows) arrive
// sooner than the same lines missed one by one: 7.9k_x_7.8k's 10k changes into 4 x 7.8k group
// tallies took 175 microseconds, 70 after this.
template <typename T>
void PrefetchForWriting(std::span<T> values) {
  constexpr size_t kLine = 64;
  const auto* bytes = reinterpret_cast<const char*>(values.data());
  for (size_t at = 0; at < values.size_bytes(); at += kLine) {
    __builtin_prefetch(bytes + at, 1);
  }
}

// Asks for the cache lines of `values`, for reading, ahead of a search over them: a binary
// search's steps each wait for their line, and asked for together they arrive in parallel.
template <typename T>
void PrefetchForReading(std::span<const T> values) {
  constexpr size_t kLine = 64;
  const auto* bytes = reinterpret_cast<const char*>(values.data());
  for (size_t at = 0; at < values.size_bytes(); at += kLine) {
    __builtin_prefetch(bytes + at, 0);
  }
}

}  // namespace plenary::opinion
