#include "engines/opinion/clean_start.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

namespace plenary::opinion {
namespace {

struct PointHash {
  size_t operator()(const Point& p) const {
    return std::hash<double>()(p.x) * 31 + std::hash<double>()(p.y);
  }
};

size_t CountDistinct(std::span<const Point> points, size_t limit) {
  std::unordered_set<Point, PointHash> seen;
  for (const Point& p : points) {
    seen.insert(p);
    if (seen.size() >= limit) {
      break;
    }
  }
  return seen.size();
}

double WeightOf(std::span<const double> weights, size_t i) {
  return weights.empty() ? 1.0 : weights[i];
}

// The rest of clean-start-clusters once `previous` is recentred (in its order, empty clusters
// already dropped; `sizes` its member counts): merges equal centers, orders by id, splits off
// the farthest points.
std::vector<Cluster> MergeAndSplit(std::span<const Point> points, std::vector<Cluster> previous,
                                   std::span<const size_t> sizes, int k) {
  std::vector<Cluster> clusters;
  std::vector<size_t> merged_sizes;
  for (size_t p = 0; p < previous.size(); ++p) {
    Cluster& c = previous[p];
    // Merge with an existing cluster at exactly the same center; the larger keeps its id.
    auto same = std::find_if(clusters.begin(), clusters.end(),
                             [&](const Cluster& o) { return o.center == c.center; });
    if (same == clusters.end()) {
      clusters.push_back(std::move(c));
      merged_sizes.push_back(sizes[p]);
      continue;
    }
    size_t& size = merged_sizes[same - clusters.begin()];
    if (sizes[p] > size) {
      same->id = c.id;
    }
    size += sizes[p];
    same->members.insert(same->members.end(), c.members.begin(), c.members.end());
  }
  std::sort(clusters.begin(), clusters.end(),
            [](const Cluster& a, const Cluster& b) { return a.id < b.id; });
  // With k clusters kept there is nothing to split (and no need to count distinct points, a hash
  // set of up to k of them).
  if (clusters.size() >= static_cast<size_t>(k) || points.empty()) {
    return clusters;
  }
  const size_t want = std::min<size_t>(k, CountDistinct(points, k));
  if (clusters.size() >= want) {
    return clusters;
  }
  std::vector<double> nearest(points.size(), std::numeric_limits<double>::infinity());
  for (size_t i = 0; i < points.size(); ++i) {
    for (const Cluster& c : clusters) {
      nearest[i] = std::min(nearest[i], Distance(points[i], c.center));
    }
  }
  int32_t next_id = 0;
  for (const Cluster& c : clusters) {
    next_id = std::max(next_id, c.id + 1);
  }
  while (clusters.size() < want) {
    const size_t far = std::max_element(nearest.begin(), nearest.end()) - nearest.begin();
    if (!(nearest[far] > 0)) {
      break;
    }
    clusters.push_back({next_id++, points[far], {static_cast<int32_t>(far)}});
    for (size_t i = 0; i < points.size(); ++i) {
      nearest[i] = std::min(nearest[i], Distance(points[i], points[far]));
    }
  }
  return clusters;
}

}  // namespace

std::vector<Cluster> FirstDistinctClusters(std::span<const Point> points, int k) {
  std::vector<Cluster> clusters;
  std::unordered_set<Point, PointHash> seen;
  for (const Point& p : points) {
    if (static_cast<int>(clusters.size()) >= k) {
      break;
    }
    if (seen.insert(p).second) {
      clusters.push_back({static_cast<int32_t>(clusters.size()), p, {}});
    }
  }
  return clusters;
}

std::vector<Cluster> CleanStartClusters(std::span<const Point> points,
                                        std::span<const double> weights,
                                        std::vector<Cluster> previous, int k) {
  std::vector<Cluster> kept;
  std::vector<size_t> sizes;
  for (Cluster& c : previous) {
    double sx = 0, sy = 0, sw = 0;
    for (const int32_t i : c.members) {
      const double w = WeightOf(weights, i);
      sx += w * points[i].x;
      sy += w * points[i].y;
      sw += w;
    }
    if (c.members.empty() || !(sw > 0)) {
      continue;
    }
    c.center = {sx / sw, sy / sw};
    sizes.push_back(c.members.size());
    kept.push_back(std::move(c));
  }
  return MergeAndSplit(points, std::move(kept), sizes, k);
}

std::vector<Cluster> CleanStartClustersFromLabels(std::span<const Point> points,
                                                  std::span<const int32_t> label,
                                                  std::vector<Cluster> previous, int k) {
  const size_t count = previous.size();
  std::vector<double> sx(count, 0.0), sy(count, 0.0), sw(count, 0.0);
  std::vector<size_t> size(count, 0);
  for (size_t i = 0; i < points.size(); ++i) {
    const int32_t l = label[i];
    if (l >= 0) {
      sx[l] += points[i].x;  // the weighted sums' w * x with w = 1: the same bits
      sy[l] += points[i].y;
      sw[l] += 1.0;
      ++size[l];
    }
  }
  std::vector<Cluster> kept;
  std::vector<size_t> sizes;
  for (size_t c = 0; c < count; ++c) {
    previous[c].members.clear();  // (their memory kept for the run's lists)
    if (size[c] == 0 || !(sw[c] > 0)) {
      continue;
    }
    previous[c].center = {sx[c] / sw[c], sy[c] / sw[c]};
    sizes.push_back(size[c]);
    kept.push_back(std::move(previous[c]));
  }
  std::vector<Cluster> clusters = MergeAndSplit(points, std::move(kept), sizes, k);
  for (Cluster& c : clusters) {
    c.members.clear();  // a split-off cluster's point
  }
  return clusters;
}

}  // namespace plenary::opinion
