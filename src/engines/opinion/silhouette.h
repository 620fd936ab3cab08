#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/projection.h"

namespace plenary::opinion {

// The group choice's silhouette (Polis: unweighted, over the base-cluster centers).

// The pairwise distances of `points`, row-major n x n: symmetric, zero on the diagonal.
std::vector<double> PairwiseDistances(std::span<const Point> points);
// The same into `d` (resized; every entry written, so memory kept from a previous call is not
// cleared first).
void PairwiseDistances(std::span<const Point> points, std::vector<double>& d);

// Mean silhouette over points (unweighted) given each point's cluster position `label`; a point
// alone in its cluster scores 0.
double Silhouette(std::span<const Point> points, std::span<const int32_t> label, int clusters);

// The same from the points' pairwise distances (as PairwiseDistances gives them: the matrix must
// be symmetric), for several labellings of the same points. Each point's distance to a cluster
// is summed over the members in point order, as a scan of its row adds them.
double Silhouette(std::span<const double> distances, std::span<const int32_t> label, int clusters);

}  // namespace plenary::opinion
