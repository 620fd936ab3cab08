#include "engines/opinion/kmeans.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "engines/opinion/parallel.h"

namespace plenary::opinion {
namespace {

double Distance(const Point& a, const Point& b) {
  const double dx = a.x - b.x;
  const double dy = a.y - b.y;
  return std::sqrt(dx * dx + dy * dy);
}

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

// The state of Hamerly's algorithm for one point.
struct Bound {
  int32_t cluster = 0;
  double upper = 0;  // >= distance to its cluster's center
  double lower = 0;  // <= distance to every other center
};

// Full assignment of one point; ties go to the later cluster.
void AssignFully(const Point& p, const std::vector<Point>& centers, Bound& bound) {
  double best = std::numeric_limits<double>::infinity();
  double second = best;
  int32_t arg = 0;
  for (size_t j = 0; j < centers.size(); ++j) {
    const double d = Distance(p, centers[j]);
    if (d <= best) {
      second = best;
      best = d;
      arg = static_cast<int32_t>(j);
    } else if (d < second) {
      second = d;
    }
  }
  bound = {arg, best, second};
}

struct Sums {
  std::vector<double> x, y, w;
  explicit Sums(size_t k) : x(k, 0), y(k, 0), w(k, 0) {}
};

// One assignment pass over a block of points, accumulating the new center sums.
void AssignBlock(std::span<const Point> points, std::span<const double> weights,
                 const std::vector<Point>& centers, const std::vector<double>& half_gap,
                 bool full, size_t begin, size_t end, std::vector<Bound>& bounds, Sums& sums) {
  for (size_t i = begin; i < end; ++i) {
    Bound& b = bounds[i];
    if (full) {
      AssignFully(points[i], centers, b);
    } else {
      const double limit = std::max(b.lower, half_gap[b.cluster]) * (1 - 1e-12);
      if (!(b.upper < limit)) {
        b.upper = Distance(points[i], centers[b.cluster]);
        if (!(b.upper < limit)) {
          AssignFully(points[i], centers, b);
        }
      }
    }
    const double w = WeightOf(weights, i);
    sums.x[b.cluster] += w * points[i].x;
    sums.y[b.cluster] += w * points[i].y;
    sums.w[b.cluster] += w;
  }
}

std::vector<double> HalfGaps(const std::vector<Point>& centers) {
  std::vector<double> gap(centers.size(), std::numeric_limits<double>::infinity());
  for (size_t a = 0; a < centers.size(); ++a) {
    for (size_t b = a + 1; b < centers.size(); ++b) {
      const double d = 0.5 * Distance(centers[a], centers[b]);
      gap[a] = std::min(gap[a], d);
      gap[b] = std::min(gap[b], d);
    }
  }
  return gap;
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
  std::vector<Cluster> clusters;
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
    // Merge with an existing cluster at exactly the same center; the larger keeps its id.
    auto same = std::find_if(clusters.begin(), clusters.end(),
                             [&](const Cluster& o) { return o.center == c.center; });
    if (same == clusters.end()) {
      clusters.push_back(std::move(c));
      continue;
    }
    if (c.members.size() > same->members.size()) {
      same->id = c.id;
    }
    same->members.insert(same->members.end(), c.members.begin(), c.members.end());
  }
  std::sort(clusters.begin(), clusters.end(),
            [](const Cluster& a, const Cluster& b) { return a.id < b.id; });
  const size_t want = std::min<size_t>(k, CountDistinct(points, k));
  if (clusters.size() >= want || points.empty()) {
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

std::vector<Cluster> RunKMeans(std::span<const Point> points, std::span<const double> weights,
                               std::vector<Cluster> clusters, const KMeansOptions& options) {
  if (clusters.empty() || points.empty()) {
    return {};
  }
  const int blocks = points.size() < 50'000 ? 1 : 8;
  std::vector<Bound> bounds(points.size());
  std::vector<Point> centers(clusters.size());
  for (size_t j = 0; j < clusters.size(); ++j) {
    centers[j] = clusters[j].center;
  }
  for (int step = 0; step < options.max_iterations; ++step) {
    const bool full = step == 0;
    const std::vector<double> half_gap = HalfGaps(centers);
    std::vector<Sums> sums(blocks, Sums(centers.size()));
    RunTasks(blocks, options.threads, [&](int b) {
      AssignBlock(points, weights, centers, half_gap, full, points.size() * b / blocks,
                  points.size() * (b + 1) / blocks, bounds, sums[b]);
    });
    for (int b = 1; b < blocks; ++b) {
      for (size_t j = 0; j < centers.size(); ++j) {
        sums[0].x[j] += sums[b].x[j];
        sums[0].y[j] += sums[b].y[j];
        sums[0].w[j] += sums[b].w[j];
      }
    }
    // Recentre; drop empty clusters and renumber the assignments.
    std::vector<int32_t> remap(centers.size(), -1);
    std::vector<Point> moved_centers;
    std::vector<double> moved;
    std::vector<Cluster> kept;
    for (size_t j = 0; j < centers.size(); ++j) {
      if (!(sums[0].w[j] > 0)) {
        continue;
      }
      const Point c{sums[0].x[j] / sums[0].w[j], sums[0].y[j] / sums[0].w[j]};
      remap[j] = static_cast<int32_t>(kept.size());
      moved.push_back(Distance(c, centers[j]));
      moved_centers.push_back(c);
      kept.push_back({clusters[j].id, c, {}});
    }
    const bool dropped = kept.size() != centers.size();
    clusters = std::move(kept);
    centers = std::move(moved_centers);
    const double max_move = *std::max_element(moved.begin(), moved.end());
    // Hamerly's bound update: the own center moved by moved[a], others by at most max_move.
    for (Bound& b : bounds) {
      b.cluster = remap[b.cluster];
      b.upper += moved[b.cluster];
      b.lower -= max_move;
    }
    if (!dropped && max_move < options.threshold) {
      break;
    }
  }
  for (size_t i = 0; i < points.size(); ++i) {
    clusters[bounds[i].cluster].members.push_back(static_cast<int32_t>(i));
  }
  return clusters;
}

double Silhouette(std::span<const Point> points, std::span<const int32_t> label, int clusters) {
  if (points.empty()) {
    return 0;
  }
  std::vector<int> size(clusters, 0);
  for (const int32_t l : label) {
    ++size[l];
  }
  double total = 0;
  std::vector<double> sum(clusters);
  for (size_t i = 0; i < points.size(); ++i) {
    if (size[label[i]] <= 1) {
      continue;  // s = 0 for a point alone in its cluster.
    }
    std::fill(sum.begin(), sum.end(), 0.0);
    for (size_t j = 0; j < points.size(); ++j) {
      sum[label[j]] += Distance(points[i], points[j]);
    }
    const double a = sum[label[i]] / (size[label[i]] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (int c = 0; c < clusters; ++c) {
      if (c != label[i] && size[c] > 0) {
        b = std::min(b, sum[c] / size[c]);
      }
    }
    const double denominator = std::max(a, b);
    total += denominator > 0 && std::isfinite(b) ? (b - a) / denominator : 0;
  }
  return total / static_cast<double>(points.size());
}

}  // namespace plenary::opinion
