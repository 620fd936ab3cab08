#include "engines/opinion/kmeans.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
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

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

Box BoundingBox(std::span<const Point> points) {
  Box box{points[0].x, points[0].y, points[0].x, points[0].y};
  for (const Point& p : points) {
    box.x0 = std::min(box.x0, p.x);
    box.y0 = std::min(box.y0, p.y);
    box.x1 = std::max(box.x1, p.x);
    box.y1 = std::max(box.y1, p.y);
  }
  return box;
}

// A point's nearest center and a lower bound on its distance to any other center.
struct Nearest {
  int32_t center = 0;
  double distance = 0;
  double other = std::numeric_limits<double>::infinity();
};

// Scans `count` centers (indices in `list`, or 0..count-1 when null); ties go to the later one.
Nearest ScanNearest(const Point& p, const std::vector<Point>& centers, const int32_t* list,
                    size_t count) {
  double best = std::numeric_limits<double>::infinity();
  double second = best;
  int32_t arg = 0;
  for (size_t k = 0; k < count; ++k) {
    const int32_t j = list != nullptr ? list[k] : static_cast<int32_t>(k);
    const double dx = p.x - centers[j].x, dy = p.y - centers[j].y;
    const double d = dx * dx + dy * dy;
    if (d <= best) {
      second = best;
      best = d;
      arg = j;
    } else if (d < second) {
      second = d;
    }
  }
  return {arg, std::sqrt(best), std::sqrt(second)};
}

// Exact nearest-center lookup for 2-D points: a uniform grid over the points' bounding box
// where each cell lists the only centers that can be nearest to a point inside it: those whose
// distance to the cell is at most U, the smallest farthest-distance of any center to the cell.
// Built as a quadtree: a cell's list is a subset of its parent's, so fine grids stay cheap.
// Ties go to the later center, as in a plain scan with <=.
class CenterGrid {
 public:
  CenterGrid(const std::vector<Point>& centers, const Box& box, int side)
      : centers_(centers), box_(box), side_(side) {
    width_ = box.x1 > box.x0 ? (box.x1 - box.x0) / side : 1.0;
    height_ = box.y1 > box.y0 ? (box.y1 - box.y0) / side : 1.0;
    inverse_width_ = 1.0 / width_;
    inverse_height_ = 1.0 / height_;
    slack_ = 1e-9 * (width_ + height_);
    offset_.assign(static_cast<size_t>(side) * side, 0);
    count_.assign(static_cast<size_t>(side) * side, 0);
    floor_.assign(static_cast<size_t>(side) * side, 0.0);
    int depth = 1;
    for (int s = side; s > 1; s /= 2) {
      ++depth;
    }
    scratch_.resize(depth + 1);
    scratch_[0].resize(centers.size());
    for (size_t j = 0; j < centers.size(); ++j) {
      scratch_[0][j] = static_cast<int32_t>(j);
    }
    Build(0, 0, side, 0);
  }

  // The nearest center (ties to the later one) and a lower bound on the distance to every
  // other center: the second nearest candidate, or the cell's floor for centers not listed.
  Nearest Find(const Point& p) const {
    // The cell is only a hint for the candidate list; the slack in Build covers rounding here.
    const int cx = std::clamp(static_cast<int>((p.x - box_.x0) * inverse_width_), 0, side_ - 1);
    const int cy = std::clamp(static_cast<int>((p.y - box_.y0) * inverse_height_), 0, side_ - 1);
    const size_t cell = static_cast<size_t>(cy) * side_ + cx;
    Nearest n = ScanNearest(p, centers_, candidates_.data() + offset_[cell], count_[cell]);
    n.other = std::min(n.other, floor_[cell]);
    return n;
  }

 private:
  // Filters `parent` down to the centers that can be nearest within the square of `size` cells
  // at (cx, cy), then recurses into its quarters (lists stay in center order).
  void Build(int cx, int cy, int size, int level) {
    const std::vector<int32_t>& parent = scratch_[level];
    std::vector<int32_t>& kept = scratch_[level + 1];
    const double x0 = box_.x0 + cx * width_ - slack_, x1 = box_.x0 + (cx + size) * width_ + slack_;
    const double y0 = box_.y0 + cy * height_ - slack_;
    const double y1 = box_.y0 + (cy + size) * height_ + slack_;
    double bound = std::numeric_limits<double>::infinity();
    for (const int32_t j : parent) {
      const Point& c = centers_[j];
      const double fx = std::max(c.x - x0, x1 - c.x), fy = std::max(c.y - y0, y1 - c.y);
      bound = std::min(bound, fx * fx + fy * fy);
    }
    kept.clear();
    for (const int32_t j : parent) {
      const Point& c = centers_[j];
      const double nx = std::max({0.0, x0 - c.x, c.x - x1});
      const double ny = std::max({0.0, y0 - c.y, c.y - y1});
      if (nx * nx + ny * ny <= bound * (1 + 1e-12)) {
        kept.push_back(j);
      }
    }
    if (size == 1 || kept.size() == 1) {
      // Every center left out here or at a coarser level is farther than sqrt(bound) from any
      // point of the square (bounds only shrink down the tree).
      const double floor = std::sqrt(bound) * (1 - 1e-9);
      for (int y = cy; y < cy + size; ++y) {
        for (int x = cx; x < cx + size; ++x) {
          offset_[static_cast<size_t>(y) * side_ + x] = static_cast<uint32_t>(candidates_.size());
          count_[static_cast<size_t>(y) * side_ + x] = static_cast<uint32_t>(kept.size());
          floor_[static_cast<size_t>(y) * side_ + x] = floor;
        }
      }
      candidates_.insert(candidates_.end(), kept.begin(), kept.end());
      return;
    }
    // Each quarter refilters the same list, which stays intact in scratch_[level + 1] because the
    // recursion only writes deeper levels.
    const int half = size / 2;
    Build(cx, cy, half, level + 1);
    Build(cx + half, cy, half, level + 1);
    Build(cx, cy + half, half, level + 1);
    Build(cx + half, cy + half, half, level + 1);
  }

  const std::vector<Point>& centers_;
  Box box_;
  int side_;
  double width_ = 1, height_ = 1, inverse_width_ = 1, inverse_height_ = 1, slack_ = 0;
  std::vector<uint32_t> offset_;
  std::vector<uint32_t> count_;
  std::vector<double> floor_;
  std::vector<int32_t> candidates_;
  std::vector<std::vector<int32_t>> scratch_;  // one candidate list per quadtree level
};

struct Sums {
  std::vector<double> x, y, w;
  explicit Sums(size_t k) : x(k, 0), y(k, 0), w(k, 0) {}
};

// Hamerly's bounds, per point: `upper` >= the distance to its center, `lower` <= the distance to
// any other center. While upper < lower the point keeps its center without a search, so the
// assignments are exactly Lloyd's.
struct Bounds {
  std::vector<double> upper, lower;
  std::vector<double> move;   // by center: how far it moved in the last update
  std::vector<double> reach;  // by center: half the distance to the nearest other center
  double max_move = 0, second_move = 0;
  int32_t farthest = -1;  // the center that moved most
  double slack = 0;       // rounding allowance
  bool valid = false;
};

// Assigns every point to its nearest center and accumulates the new center sums.
void AssignBlock(std::span<const Point> points, std::span<const double> weights,
                 const std::vector<Point>& centers, const CenterGrid* grid, size_t begin,
                 size_t end, std::vector<int32_t>& label, Bounds& bounds, Sums& sums) {
  for (size_t i = begin; i < end; ++i) {
    const Point& p = points[i];
    int32_t j = label[i];
    bool kept = false;
    if (bounds.valid) {
      double upper = bounds.upper[i] + bounds.move[j];
      // A point within half the gap to the center's nearest neighbour is nearest to it (Elkan).
      const double lower =
          std::max(bounds.lower[i] - (j == bounds.farthest ? bounds.second_move : bounds.max_move),
                   bounds.reach[j]);
      if (!(upper + bounds.slack < lower)) {
        upper = Distance(p, centers[j]);
      }
      bounds.upper[i] = upper;
      bounds.lower[i] = lower;
      kept = upper + bounds.slack < lower;
    }
    if (!kept) {
      const Nearest n =
          grid != nullptr ? grid->Find(p) : ScanNearest(p, centers, nullptr, centers.size());
      j = n.center;
      label[i] = j;
      bounds.upper[i] = n.distance;
      bounds.lower[i] = n.other;
    }
    const double w = WeightOf(weights, i);
    sums.x[j] += w * p.x;
    sums.y[j] += w * p.y;
    sums.w[j] += w;
  }
}

// Records how far each center moved, for the bounds of the next assignment.
void MeasureMoves(const std::vector<Point>& before, const std::vector<Point>& after,
                  Bounds& bounds) {
  bounds.move.assign(after.size(), 0.0);
  bounds.max_move = bounds.second_move = 0;
  bounds.farthest = -1;
  for (size_t j = 0; j < after.size(); ++j) {
    const double d = Distance(before[j], after[j]);
    bounds.move[j] = d;
    if (d > bounds.max_move) {
      bounds.second_move = bounds.max_move;
      bounds.max_move = d;
      bounds.farthest = static_cast<int32_t>(j);
    } else if (d > bounds.second_move) {
      bounds.second_move = d;
    }
  }
  // Squared distances first, one square root per center.
  bounds.reach.assign(after.size(), std::numeric_limits<double>::infinity());
  for (size_t a = 0; a < after.size(); ++a) {
    for (size_t b = a + 1; b < after.size(); ++b) {
      const double dx = after[a].x - after[b].x, dy = after[a].y - after[b].y;
      const double squared = dx * dx + dy * dy;
      bounds.reach[a] = std::min(bounds.reach[a], squared);
      bounds.reach[b] = std::min(bounds.reach[b], squared);
    }
  }
  for (double& r : bounds.reach) {
    r = 0.5 * std::sqrt(r);
  }
}

// A grid pays off once there are many more points than centers: a power of two, about 64 points
// a cell, at most 256 x 256; 0 for no grid.
int GridSide(size_t points, size_t centers) {
  if (points < 20 * centers) {
    return 0;
  }
  int side = 1;
  while (side < 256 && static_cast<size_t>(side) * side * 64 < points) {
    side *= 2;
  }
  return side;
}

// Moves each center to the (weighted) mean of its points, drops empty clusters and renumbers the
// labels. Returns the largest move, or infinity when a cluster was dropped.
double Recentre(const Sums& sums, std::vector<Cluster>& clusters, std::vector<Point>& centers,
                std::vector<int32_t>& label) {
  std::vector<int32_t> remap(centers.size(), -1);
  std::vector<Point> next;
  std::vector<Cluster> kept;
  double max_move = 0;
  for (size_t j = 0; j < centers.size(); ++j) {
    if (!(sums.w[j] > 0)) {
      continue;
    }
    const Point c{sums.x[j] / sums.w[j], sums.y[j] / sums.w[j]};
    remap[j] = static_cast<int32_t>(kept.size());
    max_move = std::max(max_move, Distance(c, centers[j]));
    next.push_back(c);
    kept.push_back({clusters[j].id, c, {}});
  }
  const bool dropped = kept.size() != centers.size();
  clusters = std::move(kept);
  centers = std::move(next);
  if (!dropped) {
    return max_move;
  }
  for (int32_t& l : label) {
    l = remap[l];
  }
  return std::numeric_limits<double>::infinity();
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
  const int blocks = points.size() < 8'192 ? 1 : 8;
  const int side = GridSide(points.size(), clusters.size());
  const Box box = BoundingBox(points);
  std::vector<int32_t> label(points.size());
  std::vector<Point> centers(clusters.size());
  for (size_t j = 0; j < clusters.size(); ++j) {
    centers[j] = clusters[j].center;
  }
  Bounds bounds;
  bounds.upper.resize(points.size());
  bounds.lower.resize(points.size());
  bounds.slack = 1e-9 * (box.x1 - box.x0 + box.y1 - box.y0);
  int step = 0;
  while (step < options.max_iterations) {
    ++step;
    std::optional<CenterGrid> grid;
    if (side > 0) {
      grid.emplace(centers, box, side);
    }
    std::vector<Sums> sums(blocks, Sums(centers.size()));
    RunTasks(blocks, options.threads, [&](int b) {
      AssignBlock(points, weights, centers, grid ? &*grid : nullptr, points.size() * b / blocks,
                  points.size() * (b + 1) / blocks, label, bounds, sums[b]);
    });
    for (int b = 1; b < blocks; ++b) {
      for (size_t j = 0; j < centers.size(); ++j) {
        sums[0].x[j] += sums[b].x[j];
        sums[0].y[j] += sums[b].y[j];
        sums[0].w[j] += sums[b].w[j];
      }
    }
    const std::vector<Point> before = centers;
    const double moved = Recentre(sums[0], clusters, centers, label);
    bounds.valid = std::isfinite(moved);  // a dropped cluster renumbers the centers
    if (bounds.valid) {
      MeasureMoves(before, centers, bounds);
    }
    if (moved < options.threshold) {
      break;
    }
  }
  for (size_t i = 0; i < points.size(); ++i) {
    clusters[label[i]].members.push_back(static_cast<int32_t>(i));
  }
  if (options.steps != nullptr) {
    *options.steps = step;
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
