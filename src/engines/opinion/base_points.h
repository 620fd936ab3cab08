#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/kmeans.h"

namespace plenary::opinion {

// What the base k-means hands from one update to the next, by point: the points are the
// in-conversation rows in participant-id order, a set that only grows and keeps its order, so
// the next update reads all of this in one stream instead of looking each row up.
struct BasePoints {
  std::vector<int32_t> rows;     // the point's row
  std::vector<Point> points;     // its position (the projection) at that update
  std::vector<int32_t> cluster;  // the id of its base cluster
  // The run's bounds for the final centers (CarriedBounds, with cluster ids instead of
  // positions); empty when the run gave none.
  std::vector<int32_t> second;
  std::vector<double> upper, near, lower;
};

// For each of `before`'s rows, its position in `rows` (-1 when it is not there): one walk when
// `before` is a subsequence of `rows`, as the in-conversation rows are from one update to the
// next; otherwise by a table of `row_count` rows.
std::vector<int32_t> NewPositions(std::span<const int32_t> before, std::span<const int32_t> rows,
                                  int32_t row_count);

// Bounds for a warm start from `start` on `points`, from the last run's (`before`, its points'
// new positions `moved_to`, its final clusters `previous`): each point moved by |p - p'| and each
// center by |c - c'| since, so the bounds widen by that much. Empty when the last run gave no
// bounds or `start` holds a cluster that `previous` does not (a split: nothing bounds the
// distance to it). Takes `before`'s cluster and bound arrays when it can (the points keep their
// order and positions only move up, as NewPositions' walk finds them): no fresh memory. The
// bounds come checked (CarriedBounds::checked): a point of unknown cluster has label 0, upper
// +inf and lower -inf. The points that keep their position (those before the first that moves
// up: all of them while no participant joins the conversation) are carried by ranges on up to
// `threads` threads from 65,536 points; the bounds do not depend on the number.
CarriedBounds CarryBounds(BasePoints& before, std::span<const int32_t> moved_to,
                          std::span<const Point> points, std::span<const Cluster> start,
                          std::span<const Cluster> previous, int threads = 1);

// What a run hands to the next: its points and what it gave in `carried` (taken), run with
// KMeansOptions::bounds_by_id: each point's cluster id, and bounds when it could give them.
BasePoints KeepBasePoints(std::vector<int32_t> rows, std::vector<Point> points,
                          CarriedBounds carried);

}  // namespace plenary::opinion
