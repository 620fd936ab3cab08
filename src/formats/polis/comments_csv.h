#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace plenary::polis {

// One row of a Polis comments.csv. The bg2050-style export adds is-meta, is-seed and
// group-informed-consensus; the older exports leave them out.
struct CommentRecord {
  int64_t timestamp_ms = 0;
  std::string datetime;
  int64_t comment_id = 0;
  int64_t author_id = 0;
  int64_t agrees = 0;
  int64_t disagrees = 0;
  int moderated = 0;  // -1 rejected, 0 unmoderated, 1 accepted
  bool is_meta = false;
  bool is_seed = false;
  std::optional<double> group_informed_consensus;
  std::string body;

  friend bool operator==(const CommentRecord&, const CommentRecord&) = default;
};

// Parses a comments.csv by header names; only comment-id is required.
Result<std::vector<CommentRecord>> ParseCommentsCsv(std::string_view text);

// Writes the classic columns, plus is-meta, is-seed and group-informed-consensus when
// `extended` is set.
std::string WriteCommentsCsv(std::span<const CommentRecord> comments, bool extended);

}  // namespace plenary::polis
