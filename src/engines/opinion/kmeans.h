#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/projection.h"

namespace plenary::opinion {

// A cluster of 2-D points. `members` index the point list the cluster was computed on.
struct Cluster {
  int32_t id = 0;
  Point center;
  std::vector<int32_t> members;
};

// Per point bounds handed from one k-means run to the next on nearly the same points (warm
// starts), so that the first assignment needs no search for points that stay well inside their
// cluster.
struct CarriedBounds {
  std::vector<int32_t> label;   // position in the clusters, -1 when unknown
  std::vector<double> upper;    // >= the distance to that cluster's center
  std::vector<int32_t> second;  // another cluster tracked closely (a near neighbour), or -1
  std::vector<double> near;     // <= the distance to the second's center
  std::vector<double> lower;    // <= the distance to every other center
  // In: every label is a position, every second another one or -1 (with near 0), and a point of
  // unknown cluster has label 0, upper +inf and lower -inf. RunKMeans then takes the arrays as
  // they are, without a pass over them to check (a million points: ~2 ms).
  bool checked = false;
};

struct KMeansOptions {
  int max_iterations = 100;  // Polis: 100 for base clusters, 20 for groups (quirk Q3)
  double threshold = 0.01;   // stop once every center moves less than this
  int threads = 1;
  int* steps = nullptr;  // when set, receives the number of assign/update steps run
  // When set: in, bounds for the start clusters (taken when sized for the points); out, each
  // point's cluster (`label`) and bounds for the returned clusters' centers (`upper`, `second`,
  // `near` and `lower` empty when none can be given).
  CarriedBounds* bounds = nullptr;
  // Out: `bounds`' label and second hold the clusters' ids rather than positions.
  bool bounds_by_id = false;
  // When not empty (one per point): the clusters' members are these instead of point positions.
  std::span<const int32_t> member_ids;
};

// Lloyd's k-means from `start` (centers only are used), weighted when `weights` is not empty.
// Assignment ties go to the cluster that comes last (highest position). Clusters that become
// empty are dropped. Exact Lloyd results: a point whose bounds (Hamerly's upper and lower
// bounds, Elkan's half gap to the nearest other center) show it cannot change cluster keeps it
// without a search; the others look up candidates in a grid of cells that lists the centers
// that can be nearest there (O(n) per step instead of O(n k)). Carried bounds (options.bounds)
// spare the first step's searches in the same way; they never change the result. On fewer than
// 2,048 points, once few centers move a step, the steps after it check the points against the
// moved centers alone (MovedCenters) and keep no bounds: such a run gives labels without bounds.
// Small problems
// without carried bounds (up to 1,024 point-center distances a step) scan every center instead,
// with the same result. A single step (max_iterations 1, an incremental update's) keeps no
// bounds: over up to 2^20 distances it scans every center, on more points each point scans its
// grid cell's candidates; it gives labels but no bounds. Clusters come back in `start` order
// with their members.
std::vector<Cluster> RunKMeans(std::span<const Point> points, std::span<const double> weights,
                               std::vector<Cluster> start, const KMeansOptions& options);

// Whether RunKMeans reads the bounds carried in (options.bounds) for these sizes; when it does
// not (most single steps), the caller need not carry them.
bool ReadsCarriedBounds(size_t points, size_t clusters, int max_iterations);

}  // namespace plenary::opinion
