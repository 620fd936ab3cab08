#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace plenary::dedup {

// One difference between two word sequences: the words [a_begin, a_end) of the first are
// replaced by [b_begin, b_end) of the second (either range may be empty).
struct DiffHunk {
  size_t a_begin = 0;
  size_t a_end = 0;
  size_t b_begin = 0;
  size_t b_end = 0;
  friend bool operator==(const DiffHunk&, const DiffHunk&) = default;
};

// Myers' O((N+M)D) shortest edit script between `a` and `b`, as hunks in order, after the common
// prefix and suffix are set aside. When more than `max_edits` insertions plus deletions would be
// needed, the middle is reported as one replacement hunk instead (still a correct diff, not a
// minimal one), which bounds time and memory on unrelated megabyte texts.
std::vector<DiffHunk> DiffWords(std::span<const std::string_view> a,
                                std::span<const std::string_view> b, size_t max_edits = 2000);

}  // namespace plenary::dedup
