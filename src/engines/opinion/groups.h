#pragma once

#include <span>
#include <vector>

#include "engines/opinion/kmeans.h"

namespace plenary::opinion {

struct GroupOptions {
  int max_k = 5;        // k = 2 .. min(max_k, 2 + B/12)
  int iterations = 20;  // Polis's group k-means cap (quirk Q3)
  int k_buffer = 4;     // the k-smoother: a new k is shown after winning this many updates
};

// What group clustering carries from one update to the next.
struct GroupState {
  std::vector<std::vector<Cluster>> by_k;  // by_k[k]: members are base-cluster ids
  int displayed_k = 0;
  int last_best_k = 0;
  int streak = 0;
  std::vector<double> distances;  // the base centers' pairwise distances (memory kept)
};

struct GroupChoice {
  int k = 0;                       // the displayed k
  int best_k = 0;                  // this update's silhouette winner
  std::vector<Cluster> groups;     // members are base-cluster ids
  std::vector<double> silhouette;  // by k (0 where not computed)
};

// Weighted k-means of the base-cluster centers (weight = member count) for every k, each warm
// started from `state`'s clustering for that k; k chosen by silhouette, then smoothed.
GroupChoice ChooseGroups(std::span<const Cluster> base, const GroupOptions& options,
                         GroupState& state);

}  // namespace plenary::opinion
