#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/kmeans.h"

namespace plenary::opinion {

// Where Polis's k-means runs start: the first distinct points (cold) or the previous clusters,
// cleaned (warm).

// Cold start: clusters centred on the first k distinct points, in point order, ids 0..k-1.
std::vector<Cluster> FirstDistinctClusters(std::span<const Point> points, int k);

// Polis's clean-start-clusters: recentres `previous` (members given as current point indices)
// on its members' current positions (weighted), drops empty clusters, merges clusters with equal
// centers (the heavier keeps its id), then splits off the point farthest from its nearest center
// as a new singleton cluster (id = max + 1) until there are min(k, #distinct points) clusters.
std::vector<Cluster> CleanStartClusters(std::span<const Point> points,
                                        std::span<const double> weights,
                                        std::vector<Cluster> previous, int k);

// The same, unweighted, with the members given by each point's position in `previous`
// (`label[i]`, -1 for a point in none; `previous`' own member lists are ignored, and emptied
// with their memory kept): the centers from one pass over the points, the same sums added in
// the same order as over member lists in point order (a million points' clusters, each a
// scattered 1% of them, are read in one stream instead of a hundred). The clusters come out
// with their members unlisted (empty): a k-means run from them needs the centers alone, and
// listing a million points cost a second pass.
std::vector<Cluster> CleanStartClustersFromLabels(std::span<const Point> points,
                                                  std::span<const int32_t> label,
                                                  std::vector<Cluster> previous, int k);

}  // namespace plenary::opinion
