#include "engines/opinion/groups.h"

#include <algorithm>

#include "engines/opinion/clean_start.h"
#include "engines/opinion/silhouette.h"

namespace plenary::opinion {
namespace {

// Re-expresses clusters whose members are base ids as positions in `base` (`position`, by id:
// ids are small, 0..99 and one more per split), dropping ids that are gone.
std::vector<Cluster> ToPositions(const std::vector<Cluster>& clusters,
                                 std::span<const int32_t> position) {
  std::vector<Cluster> out;
  for (const Cluster& c : clusters) {
    Cluster p{c.id, c.center, {}};
    for (const int32_t id : c.members) {
      const int32_t at = id >= 0 && static_cast<size_t>(id) < position.size() ? position[id] : -1;
      if (at >= 0) {
        p.members.push_back(at);
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<Cluster> ToIds(std::vector<Cluster> clusters, std::span<const Cluster> base) {
  for (Cluster& c : clusters) {
    for (int32_t& m : c.members) {
      m = base[m].id;
    }
  }
  return clusters;
}

void Smooth(int best_k, int buffer, GroupState& state) {
  state.streak = best_k == state.last_best_k ? state.streak + 1 : 1;
  state.last_best_k = best_k;
  if (state.displayed_k == 0 || state.streak >= buffer) {
    state.displayed_k = best_k;
  }
}

}  // namespace

GroupChoice ChooseGroups(std::span<const Cluster> base, const GroupOptions& options,
                         GroupState& state) {
  GroupChoice choice;
  std::vector<Point> centers;
  std::vector<double> weights;
  int32_t max_id = -1;
  for (const Cluster& b : base) {
    max_id = std::max(max_id, b.id);
  }
  std::vector<int32_t> position(static_cast<size_t>(max_id + 1), -1);
  for (const Cluster& b : base) {
    position[b.id] = static_cast<int32_t>(centers.size());
    centers.push_back(b.center);
    weights.push_back(static_cast<double>(b.members.size()));
  }
  const int count = static_cast<int>(base.size());
  const int max_k = std::min({options.max_k, 2 + count / 12, count});
  choice.silhouette.assign(std::max(max_k, 1) + 1, 0.0);
  if (max_k < 2) {
    // Too few distinct positions to split: everyone in one group.
    Cluster all{0, {}, {}};
    for (const Cluster& b : base) {
      all.members.push_back(b.id);
    }
    choice.k = choice.best_k = count > 0 ? 1 : 0;
    if (count > 0) {
      choice.groups.push_back(std::move(all));
    }
    return choice;
  }
  state.by_k.resize(std::max<size_t>(state.by_k.size(), max_k + 1));
  KMeansOptions kmeans{options.iterations, 0.01, 1};
  std::vector<double>& distances = state.distances;
  PairwiseDistances(centers, distances);
  double best = -2;
  for (int k = 2; k <= max_k; ++k) {
    std::vector<Cluster> start =
        state.by_k[k].empty()
            ? FirstDistinctClusters(centers, k)
            : CleanStartClusters(centers, weights, ToPositions(state.by_k[k], position), k);
    std::vector<Cluster> groups = RunKMeans(centers, weights, std::move(start), kmeans);
    std::vector<int32_t> label(count, 0);
    for (size_t g = 0; g < groups.size(); ++g) {
      for (const int32_t m : groups[g].members) {
        label[m] = static_cast<int32_t>(g);
      }
    }
    choice.silhouette[k] = Silhouette(distances, label, static_cast<int>(groups.size()));
    if (choice.silhouette[k] > best) {
      best = choice.silhouette[k];
      choice.best_k = k;
    }
    state.by_k[k] = ToIds(std::move(groups), base);
  }
  Smooth(choice.best_k, options.k_buffer, state);
  choice.k = state.displayed_k <= max_k ? state.displayed_k : choice.best_k;
  choice.groups = state.by_k[choice.k];
  return choice;
}

}  // namespace plenary::opinion
