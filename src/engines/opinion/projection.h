#pragma once

#include <cmath>
#include <span>
#include <vector>

#include "engines/opinion/pca.h"
#include "engines/opinion/vote_matrix.h"

namespace plenary::opinion {

struct Point {
  double x = 0;
  double y = 0;

  friend bool operator==(const Point&, const Point&) = default;
};

// The Euclidean distance between two points of the map.
inline double Distance(const Point& a, const Point& b) {
  const double dx = a.x - b.x;
  const double dy = a.y - b.y;
  return std::sqrt(dx * dx + dy * dy);
}

// Polis's "sparsity-aware" projection of every row:
//   p_i = sqrt(m / max(1, |O_i|)) * sum_{c in O_i} (R'_ic - mu_c) (w1_c, w2_c),
// where O_i is row i's votes plus every moderated-out column (R' holds 0 there for all rows).
// With `moderated`, each row's votes in moderated-out columns (counted on the way) are written
// there, for the next incremental pass to start from (RowSums::moderated).
std::vector<Point> ProjectParticipants(const VoteMatrix& matrix, const Pca& pca,
                                       std::span<const uint8_t> mod_out, int threads,
                                       std::vector<int32_t>* moderated = nullptr);

// The same projection from the dot products an incremental PCA pass kept (`ComputePca`'s
// `projection`, not empty), without a pass over the votes. Single-precision centred votes: within
// about 1e-7 (relative) of ProjectParticipants with the same axes. `overlay`: the one the pass
// read, whose added cells count among the rows' votes. Each row on its own: fixed ranges of rows
// on up to `threads` threads from 64k rows (the same result for any number). The result is
// written in `memory`'s array (its values overwritten), so that an update can hand over the last
// projection's: a fresh array is 16 MB of pages to clear at a million rows.
std::vector<Point> ProjectFromRows(const VoteMatrix& matrix, const RowProjection& projection,
                                   std::span<const uint8_t> mod_out,
                                   const VoteOverlay* overlay = nullptr, int threads = 1,
                                   std::vector<Point> memory = {});

// A comment's extremity |q_c|, q_c = sqrt(m) (a - mu_c) (w1_c, w2_c): where a participant who
// agreed with c alone would land.
std::vector<double> CommentExtremity(const Pca& pca);

}  // namespace plenary::opinion
