#include "engines/opinion/kmeans.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <type_traits>

#include "engines/opinion/center_grid.h"
#include "engines/opinion/double2.h"
#include "engines/opinion/moved_centers.h"
#include "engines/opinion/nearest_avx2.h"
#include "engines/opinion/parallel.h"

namespace plenary::opinion {
namespace {

// The smallest and largest x and y of points [begin, end) (not empty), a point's (x, y) as one
// SSE2 pair, four pairs a turn in independent minimums and maximums (a chain of dependent
// selections per coordinate took 3.2 ms over a million points).
Box BoxOfRange(const Point* points, size_t begin, size_t end) {
  const auto pair = [&](size_t i) { return Load2(&points[i].x); };
  Double2 low[4], high[4];
  for (int k = 0; k < 4; ++k) {
    low[k] = high[k] = pair(begin);
  }
  size_t i = begin;
  for (; i + 4 <= end; i += 4) {
    for (int k = 0; k < 4; ++k) {
      const Double2 v = pair(i + k);
      low[k] = v < low[k] ? v : low[k];
      high[k] = v > high[k] ? v : high[k];
    }
  }
  for (; i < end; ++i) {
    const Double2 v = pair(i);
    low[0] = v < low[0] ? v : low[0];
    high[0] = v > high[0] ? v : high[0];
  }
  for (int k = 1; k < 4; ++k) {
    low[0] = low[k] < low[0] ? low[k] : low[0];
    high[0] = high[k] > high[0] ? high[k] : high[0];
  }
  return {low[0][0], low[0][1], high[0][0], high[0][1]};
}

// Runs body(block, begin, end) over `blocks` fixed ranges of n points (those of the assignment
// steps) on up to `threads` threads: the per-point passes around the steps, where each point is
// on its own, so any number of threads gives the same values. A one-step run (an incremental
// update's) spent more time in these passes on one thread than in its step on two.
// Below kPointsForThreads points a pass takes tens of microseconds, and a second thread (waking
// up, then spinning beside the first on the same core) cost more than it saved: measured slower
// on 7.9k_x_7.8k and 33k_x_783.
template <typename Body>
void ForRanges(size_t n, int blocks, int threads, const Body& body) {
  constexpr size_t kPointsForThreads = 65'536;
  RunTasks(blocks, n < kPointsForThreads ? 1 : threads,
           [&](int b) { body(b, n * b / blocks, n * (b + 1) / blocks); });
}

// The points' bounding box, by ranges on up to `threads` threads (ForRanges' rule).
Box BoundingBox(std::span<const Point> points, int threads) {
  constexpr int kRanges = 8;
  Box boxes[kRanges];
  const int ranges = points.size() < kRanges ? 1 : kRanges;
  ForRanges(points.size(), ranges, threads, [&](int r, size_t begin, size_t end) {
    boxes[r] = BoxOfRange(points.data(), begin, end);
  });
  Box box = boxes[0];
  for (int r = 1; r < ranges; ++r) {
    box.x0 = std::min(box.x0, boxes[r].x0);
    box.y0 = std::min(box.y0, boxes[r].y0);
    box.x1 = std::max(box.x1, boxes[r].x1);
    box.y1 = std::max(box.y1, boxes[r].y1);
  }
  return box;
}

struct Sums {
  std::vector<double> x, y, w;
  explicit Sums(size_t k) : x(k, 0), y(k, 0), w(k, 0) {}
  void Reset(size_t k) {
    x.assign(k, 0);
    y.assign(k, 0);
    w.assign(k, 0);
  }
};

// Per point bounds (Hamerly's, refined by the grid and by tracking the second nearest center):
// `upper` >= the distance to its center; `near` <= the distance to its second nearest center at
// the last search (`second`, -1 when unknown); `lower` <= the distance to every other center, or,
// for a point whose bound is local (`local`), to every other candidate of its grid cell (the
// cell's floor bounds the rest). A local bound only shrinks by the moves of its cell's
// candidates, not by the largest move of all. While upper < min(near, lower) the point keeps its
// center without a search; a point on the border of two clusters is settled by its distances to
// the two; so the assignments are exactly Lloyd's.
struct Bounds {
  std::vector<double> upper, near, lower;
  std::vector<int32_t> second;
  std::vector<uint8_t> local;
  std::vector<int32_t> cell;  // the point's grid cell, fixed for the run
  std::vector<double> move;   // by center: how far it moved in the last update
  std::vector<double> reach;  // by center: half the distance to the nearest other center
  double max_move = 0, second_move = 0;
  int32_t farthest = -1;  // the center that moved most
  // By cell: the largest and second largest move of its candidates, and whose was the largest.
  std::vector<double> cell_move, cell_second;
  std::vector<int32_t> cell_farthest;
  double slack = 0;  // rounding allowance
  bool valid = false;

  void Resize(size_t points) {
    upper.resize(points);
    near.assign(points, 0.0);
    lower.resize(points);
    second.assign(points, -1);
    local.assign(points, 0);
  }
};

// The bounds' screening of points [begin, end) (Bounds valid): each point's bounds moved by the
// centers' last moves (written back), and the points they cannot settle listed in `unsettled`.
// Without a branch (which points are settled is not predictable; every read is made for every
// point), so that the loop streams; the rest of a step's work is on the few listed points.
template <bool kGrid>
void ScreenRange(const CenterGrid* grid, size_t begin, size_t end, const int32_t* __restrict label,
                 Bounds& bounds, std::vector<int32_t>& unsettled) {
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  const int32_t* __restrict second = bounds.second.data();
  double* __restrict upper = bounds.upper.data();
  double* __restrict near = bounds.near.data();
  double* __restrict lower = bounds.lower.data();
  const double* __restrict move = bounds.move.data();
  const double* __restrict reach = bounds.reach.data();
  const uint8_t* __restrict local = bounds.local.data();
  const int32_t* __restrict cell = bounds.cell.data();
  const double* __restrict floor = kGrid ? grid->floors() : nullptr;
  const double* __restrict cell_move = bounds.cell_move.data();
  const double* __restrict cell_second = bounds.cell_second.data();
  const int32_t* __restrict cell_farthest = bounds.cell_farthest.data();
  const double slack = bounds.slack, max_move = bounds.max_move;
  const double second_move = bounds.second_move;
  const int32_t farthest = bounds.farthest;
  unsettled.resize(end - begin);
  int32_t* __restrict listed = unsettled.data();
  size_t count = 0;
  for (size_t i = begin; i < end; ++i) {
    const int32_t j = label[i];
    const int32_t b = second[i];
    const double high = upper[i] + move[j];
    const double near_b = near[i] - move[std::max(b, 0)];
    const double close = b >= 0 ? near_b : kInfinity;
    // The rest: every center but j and b moved at most the largest move (of the cell's
    // candidates, for a local bound), or the second largest when the largest is j's or b's.
    double low = lower[i] - ((j == farthest) | (b == farthest) ? second_move : max_move);
    double rest = low;
    if constexpr (kGrid) {
      const int32_t q = cell[i];
      const int32_t f = cell_farthest[q];
      const double local_low = lower[i] - ((j == f) | (b == f) ? cell_second[q] : cell_move[q]);
      const bool is_local = local[i] != 0;
      low = is_local ? local_low : low;
      rest = is_local ? std::min(local_low, floor[q]) : low;
    }
    // A point within half the gap to the center's nearest neighbour is nearest to it (Elkan).
    const double others = std::max(std::min(close, rest), reach[j]);
    upper[i] = high;
    near[i] = close;
    lower[i] = low;
    listed[count] = static_cast<int32_t>(i);
    count += high + slack < others ? 0 : 1;
  }
  unsettled.resize(count);
}

// Settles point i, which the screening could not (or every point when the bounds are not valid):
// by its distances to its center and to its second nearest when the bounds allow, else by a
// search of the grid cell's candidates (or of every center).
template <bool kGrid>
void SettlePoint(const Point* points, const std::vector<Point>& centers, const CenterGrid* grid,
                 size_t i, int32_t* __restrict label, Bounds& bounds) {
  const Point p = points[i];
  if (bounds.valid) {
    int32_t j = label[i];
    const int32_t b = bounds.second[i];
    const double slack = bounds.slack;
    double high = bounds.upper[i];
    double close = bounds.near[i];
    const double low = bounds.lower[i];
    const double rest = kGrid && bounds.local[i] ? std::min(low, grid->Floor(bounds.cell[i])) : low;
    const double others = std::max(std::min(close, rest), bounds.reach[j]);
    // The exact distance, compared squared: the square root is off the decision's path.
    const double dx = p.x - centers[j].x, dy = p.y - centers[j].y;
    const double squared = dx * dx + dy * dy;
    const double limit = others - slack;
    bool kept = limit > 0 && squared < limit * limit;
    high = std::sqrt(squared);
    if (!kept && b >= 0) {
      // Settled between j and b when both are nearer than every other center: exactly the
      // choice a full scan makes (same squared distances; ties to the later center).
      const double ex = p.x - centers[b].x, ey = p.y - centers[b].y;
      const double squared_b = ex * ex + ey * ey;
      const double bound = rest - slack;
      if (bound > 0 && std::min(squared, squared_b) < bound * bound) {
        const bool swap = squared_b < squared || (squared_b == squared && b > j);
        const double db = std::sqrt(squared_b);
        if (swap) {
          bounds.second[i] = j;
          j = b;
          label[i] = j;
          close = high;
          high = db;
        } else {
          close = db;
        }
        kept = true;
      } else {
        close = std::sqrt(squared_b);
      }
    }
    bounds.upper[i] = high;
    bounds.near[i] = close;
    if (kept) {
      return;
    }
  }
  Nearest n;
  if constexpr (kGrid) {
    n = grid->Find(p, bounds.cell[i]);
    bounds.local[i] = 1;
  } else {
    n = ScanNearest(p, centers, nullptr, centers.size());
  }
  label[i] = n.center;
  bounds.upper[i] = n.distance;
  bounds.second[i] = n.second;
  bounds.near[i] = n.second_distance;
  bounds.lower[i] = n.other;
}

// Assigns points [begin, end) to their nearest centers: the bounds screen every point, and the
// points they cannot settle (`unsettled`: the block's list, its memory kept) are settled one by
// one.
template <bool kGrid>
void AssignRange(const Point* points, const std::vector<Point>& centers, const CenterGrid* grid,
                 size_t begin, size_t end, int32_t* __restrict label, Bounds& bounds,
                 std::vector<int32_t>& unsettled) {
  if (bounds.valid) {
    ScreenRange<kGrid>(grid, begin, end, label, bounds, unsettled);
    for (const int32_t i : unsettled) {
      SettlePoint<kGrid>(points, centers, grid, i, label, bounds);
    }
    return;
  }
  for (size_t i = begin; i < end; ++i) {
    SettlePoint<kGrid>(points, centers, grid, i, label, bounds);
  }
}

// Adds points [begin, end) to their centers' sums (times their weights), in point order.
void AddToSums(std::span<const Point> points, std::span<const double> weights,
               const std::vector<int32_t>& label, size_t begin, size_t end, Sums& sums) {
  double* __restrict sum_x = sums.x.data();
  double* __restrict sum_y = sums.y.data();
  double* __restrict sum_w = sums.w.data();
  for (size_t i = begin; i < end; ++i) {
    const Point p = points[i];
    const int32_t j = label[i];
    if (weights.empty()) {
      sum_x[j] += p.x;
      sum_y[j] += p.y;
      sum_w[j] += 1;
    } else {
      const double w = weights[i];
      sum_x[j] += w * p.x;
      sum_y[j] += w * p.y;
      sum_w[j] += w;
    }
  }
}

// A step's work on one block of points: their assignments, then their sums in point order.
void AssignBlock(std::span<const Point> points, std::span<const double> weights,
                 const std::vector<Point>& centers, const CenterGrid* grid, size_t begin,
                 size_t end, std::vector<int32_t>& label, Bounds& bounds, Sums& sums,
                 std::vector<int32_t>& unsettled) {
  if (grid != nullptr) {
    AssignRange<true>(points.data(), centers, grid, begin, end, label.data(), bounds, unsettled);
  } else {
    AssignRange<false>(points.data(), centers, grid, begin, end, label.data(), bounds, unsettled);
  }
  AddToSums(points, weights, label, begin, end, sums);
}

// The largest and second largest move of each cell's candidates.
void MeasureCellMoves(const CenterGrid& grid, Bounds& bounds) {
  const int cells = grid.cells();
  bounds.cell_move.assign(cells, 0.0);
  bounds.cell_second.assign(cells, 0.0);
  bounds.cell_farthest.assign(cells, -1);
  for (int32_t q = 0; q < cells; ++q) {
    double first = 0, second = 0;
    int32_t farthest = -1;
    for (const int32_t j : grid.Candidates(q)) {
      const double d = bounds.move[j];
      if (d > first) {
        second = first;
        first = d;
        farthest = j;
      } else if (d > second) {
        second = d;
      }
    }
    bounds.cell_move[q] = first;
    bounds.cell_second[q] = second;
    bounds.cell_farthest[q] = farthest;
  }
}

// Before the grid is rebuilt (new candidate lists), local bounds become plain ones: the lower of
// the bound on the old candidates and the old floor, less how far the centers drifted beyond the
// margin the old lists allowed for.
void MakeBoundsPlain(const CenterGrid& grid, double excess, Bounds& bounds) {
  for (size_t i = 0; i < bounds.local.size(); ++i) {
    if (bounds.local[i]) {
      bounds.lower[i] = std::min(bounds.lower[i], grid.Floor(bounds.cell[i]) - excess);
      bounds.local[i] = 0;
    }
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
  // Squared distances first (the minimum over all others: a loop the compiler vectorises), one
  // square root per center.
  const size_t k = after.size();
  std::vector<double> x(k), y(k);
  for (size_t j = 0; j < k; ++j) {
    x[j] = after[j].x;
    y[j] = after[j].y;
  }
  bounds.reach.resize(k);
  if (HasAvx2()) {
    HalfGapsAvx2(x.data(), y.data(), k, bounds.reach.data());
    return;
  }
  for (size_t a = 0; a < k; ++a) {
    double nearest = std::numeric_limits<double>::infinity();
    for (size_t b = 0; b < k; ++b) {
      const double dx = x[a] - x[b], dy = y[a] - y[b];
      const double squared = dx * dx + dy * dy;
      nearest = std::min(nearest, b == a ? std::numeric_limits<double>::infinity() : squared);
    }
    bounds.reach[a] = nearest;
  }
  for (double& r : bounds.reach) {
    r = 0.5 * std::sqrt(r);
  }
}

// Starts from bounds carried over from a previous run (taking its arrays: no fresh memory for a
// million points): the first step then searches only the points they cannot settle.
void TakeCarriedBounds(CarriedBounds& carried, const std::vector<Point>& centers,
                       std::vector<int32_t>& label, Bounds& bounds, int blocks, int threads) {
  const int32_t k = static_cast<int32_t>(centers.size());
  const bool checked = carried.checked;
  label = std::move(carried.label);
  bounds.upper = std::move(carried.upper);
  bounds.second = std::move(carried.second);
  bounds.near = std::move(carried.near);
  bounds.lower = std::move(carried.lower);
  if (checked) {
    bounds.local.assign(label.size(), 0);
  } else {
    bounds.local.resize(label.size());
  }
  ForRanges(checked ? 0 : label.size(), blocks, threads, [&](int, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const int32_t j = label[i];
      const bool known = j >= 0 && j < k;
      const int32_t b = known ? bounds.second[i] : -1;
      label[i] = known ? j : 0;
      bounds.upper[i] = known ? bounds.upper[i] : std::numeric_limits<double>::infinity();
      bounds.second[i] = b >= 0 && b < k && b != j ? b : -1;
      bounds.near[i] = bounds.second[i] >= 0 ? bounds.near[i] : 0.0;
      bounds.lower[i] = known ? bounds.lower[i] : -std::numeric_limits<double>::infinity();
      bounds.local[i] = 0;
    }
  });
  carried = CarriedBounds();
  MeasureMoves(centers, centers, bounds);  // no moves yet; the half gaps of the start centers
  bounds.valid = true;
}

// The points' clusters and the bounds at the end of a run, for its final centers (they moved
// after the last assignment); takes the run's arrays. With `ids` (the clusters' ids by position),
// labels and seconds are given as ids, in the same pass.
void GiveCarriedBounds(const CenterGrid* grid, double excess, std::vector<int32_t>& label,
                       Bounds& bounds, CarriedBounds& carried, std::span<const int32_t> ids,
                       int blocks, int threads) {
  carried = CarriedBounds();
  const size_t n = label.size();
  carried.label = std::move(label);
  if (!bounds.valid) {  // the last step dropped a cluster: no bounds
    if (!ids.empty()) {
      ForRanges(n, blocks, threads, [&](int, size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
          carried.label[i] = ids[carried.label[i]];
        }
      });
    }
    return;
  }
  carried.upper = std::move(bounds.upper);
  carried.second = std::move(bounds.second);
  carried.near = std::move(bounds.near);
  carried.lower = std::move(bounds.lower);
  const auto give = [&](size_t begin, size_t end, auto by_id) {
    for (size_t i = begin; i < end; ++i) {
      const int32_t j = carried.label[i];
      const int32_t b = carried.second[i];
      carried.upper[i] = carried.upper[i] + bounds.move[j];
      carried.near[i] = b >= 0 ? carried.near[i] - bounds.move[b] : 0.0;
      carried.lower[i] = carried.lower[i] - bounds.max_move;
      if (bounds.local[i]) {
        carried.lower[i] = std::min(carried.lower[i], grid->Floor(bounds.cell[i]) - excess);
      }
      if constexpr (decltype(by_id)::value) {
        carried.label[i] = ids[j];
        carried.second[i] = b >= 0 ? ids[b] : -1;
      }
    }
  };
  ForRanges(n, blocks, threads, [&](int, size_t begin, size_t end) {
    if (ids.empty()) {
      give(begin, end, std::false_type());
    } else {
      give(begin, end, std::true_type());
    }
  });
}

// Moves each center to the (weighted) mean of its points, drops empty clusters and renumbers the
// labels. Returns the largest move, or infinity when a cluster was dropped.
double Recentre(const Sums& sums, std::vector<Cluster>& clusters, std::vector<Point>& centers,
                std::vector<int32_t>& label) {
  const bool any_empty =
      std::any_of(sums.w.begin(), sums.w.end(), [](double w) { return !(w > 0); });
  if (!any_empty) {
    // The usual step: every cluster kept, its center moved in place (no fresh memory per step).
    double max_move = 0;
    for (size_t j = 0; j < centers.size(); ++j) {
      const Point c{sums.x[j] / sums.w[j], sums.y[j] / sums.w[j]};
      max_move = std::max(max_move, Distance(c, centers[j]));
      centers[j] = c;
      clusters[j].center = c;
      clusters[j].members.clear();  // listed again at the end
    }
    return max_move;
  }
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

// The members in point order: each block counts its points per cluster, then writes them at its
// place in the lists (after the earlier blocks' members).
void ListMembers(const std::vector<int32_t>& label, int blocks, const KMeansOptions& options,
                 std::vector<Cluster>& clusters) {
  const size_t n = label.size();
  const size_t k = clusters.size();
  std::vector<size_t> at(static_cast<size_t>(blocks) * k, 0);
  ForRanges(n, blocks, options.threads, [&](int b, size_t begin, size_t end) {
    size_t* count = at.data() + static_cast<size_t>(b) * k;
    for (size_t i = begin; i < end; ++i) {
      ++count[label[i]];
    }
  });
  for (size_t j = 0; j < k; ++j) {
    size_t size = 0;
    for (int b = 0; b < blocks; ++b) {
      const size_t count = at[static_cast<size_t>(b) * k + j];
      at[static_cast<size_t>(b) * k + j] = size;
      size += count;
    }
    clusters[j].members.clear();
    clusters[j].members.resize(size);
  }
  const bool by_id = options.member_ids.size() == n;
  ForRanges(n, blocks, options.threads, [&](int b, size_t begin, size_t end) {
    size_t* next = at.data() + static_cast<size_t>(b) * k;
    for (size_t i = begin; i < end; ++i) {
      clusters[label[i]].members[next[label[i]]++] =
          by_id ? options.member_ids[i] : static_cast<int32_t>(i);
    }
  });
}

// Plain Lloyd for small problems (the group k-means: a hundred base clusters, k <= 5), where
// the bounds and the grid cost more to set up than the scans they spare: every point scans every
// center. The same squared distances, ties and sums in point order as RunKMeans's steps, so the
// same clusters, bit for bit.
std::vector<Cluster> RunPlainKMeans(std::span<const Point> points, std::span<const double> weights,
                                    std::vector<Cluster> clusters, const KMeansOptions& options) {
  std::vector<int32_t> label(points.size());
  std::vector<Point> centers(clusters.size());
  for (size_t j = 0; j < clusters.size(); ++j) {
    centers[j] = clusters[j].center;
  }
  Sums sums(centers.size());
  int step = 0;
  while (step < options.max_iterations) {
    ++step;
    sums.Reset(centers.size());
    for (size_t i = 0; i < points.size(); ++i) {
      const Point p = points[i];
      double best = std::numeric_limits<double>::infinity();
      int32_t j = 0;
      for (size_t c = 0; c < centers.size(); ++c) {
        const double dx = p.x - centers[c].x, dy = p.y - centers[c].y;
        const double d = dx * dx + dy * dy;
        j = d <= best ? static_cast<int32_t>(c) : j;
        best = d <= best ? d : best;
      }
      label[i] = j;
      const double w = weights.empty() ? 1.0 : weights[i];
      sums.x[j] += weights.empty() ? p.x : w * p.x;
      sums.y[j] += weights.empty() ? p.y : w * p.y;
      sums.w[j] += w;
    }
    if (Recentre(sums, clusters, centers, label) < options.threshold) {
      break;
    }
  }
  ListMembers(label, 1, options, clusters);
  if (options.steps != nullptr) {
    *options.steps = step;
  }
  return clusters;
}

// The blocks' sums added into the first, in block order (so the sums do not depend on the threads).
void AddBlockSums(std::vector<Sums>& sums) {
  for (size_t b = 1; b < sums.size(); ++b) {
    for (size_t j = 0; j < sums[0].x.size(); ++j) {
      sums[0].x[j] += sums[b].x[j];
      sums[0].y[j] += sums[b].y[j];
      sums[0].w[j] += sums[b].w[j];
    }
  }
}

// The clusters' ids by position when the bounds are to be given by id, else nothing.
std::vector<int32_t> GivenIds(const std::vector<Cluster>& clusters, const KMeansOptions& options) {
  std::vector<int32_t> ids;
  if (options.bounds_by_id) {
    for (const Cluster& c : clusters) {
      ids.push_back(c.id);
    }
  }
  return ids;
}

// One Lloyd step without bounds (RunKMeans for a single step, an incremental update's):
// nearest_of(p, x, y, k) gives each point's nearest of the k centers at (x[j], y[j]), ties to the
// later one. The same blocks, squared distances, ties and sums in point order as the bounded
// step, so the same clusters bit for bit, without the bounds' upkeep. It gives labels only (no
// bounds: the next one-step run does without them too).
template <typename NearestOf>
std::vector<Cluster> RunOneStep(std::span<const Point> points, std::span<const double> weights,
                                std::vector<Cluster> clusters, int blocks,
                                const KMeansOptions& options, const NearestOf& nearest_of) {
  const size_t k = clusters.size();
  std::vector<Point> centers(k);
  std::vector<double> x(k), y(k);
  for (size_t j = 0; j < k; ++j) {
    centers[j] = clusters[j].center;
    x[j] = centers[j].x;
    y[j] = centers[j].y;
  }
  std::vector<int32_t> label(points.size());
  std::vector<Sums> sums(blocks, Sums(k));
  RunTasks(blocks, options.threads, [&](int b) {
    const size_t begin = points.size() * b / blocks, end = points.size() * (b + 1) / blocks;
    for (size_t i = begin; i < end; ++i) {
      label[i] = static_cast<int32_t>(nearest_of(points[i], x.data(), y.data(), k));
    }
    AddToSums(points, weights, label, begin, end, sums[b]);
  });
  AddBlockSums(sums);
  Recentre(sums[0], clusters, centers, label);
  ListMembers(label, blocks, options, clusters);
  if (options.steps != nullptr) {
    *options.steps = 1;
  }
  if (options.bounds != nullptr) {
    Bounds none;  // not valid: labels only
    GiveCarriedBounds(nullptr, 0, label, none, *options.bounds, GivenIds(clusters, options), blocks,
                      options.threads);
  }
  return clusters;
}

// The one step on a small problem: every point scans every center. Call only when HasAvx2().
std::vector<Cluster> RunScanStep(std::span<const Point> points, std::span<const double> weights,
                                 std::vector<Cluster> clusters, int blocks,
                                 const KMeansOptions& options) {
  return RunOneStep(points, weights, std::move(clusters), blocks, options,
                    [](const Point& p, const double* x, const double* y, size_t k) {
                      return NearestAvx2(p.x, p.y, x, y, k);
                    });
}

// The one step on many points: each point scans its grid cell's candidates (a grid for these
// centers only: no allowance for drift). Without the bounds' upkeep this costs less than the
// bounded step, which searched a quarter of 1M_x_10k's points and checked the others'
// distances: the step and the bounds it needed carried 28-30 -> 18-19 ms there.
std::vector<Cluster> RunGridStep(std::span<const Point> points, std::span<const double> weights,
                                 std::vector<Cluster> clusters, int blocks, int side,
                                 const KMeansOptions& options) {
  std::vector<Point> centers(clusters.size());
  for (size_t j = 0; j < clusters.size(); ++j) {
    centers[j] = clusters[j].center;
  }
  const CenterGrid grid(centers, BoundingBox(points, options.threads), side, 0);
  return RunOneStep(points, weights, std::move(clusters), blocks, options,
                    [&grid](const Point& p, const double*, const double*, size_t) {
                      return grid.NearestCenter(p);
                    });
}

// A single step over up to this many point-center distances scans every center: cheaper than
// the grid's construction (2k_x_200, 7.9k_x_7.8k).
constexpr size_t kScansForOneStep = size_t{1} << 20;

bool ScansOneStep(size_t points, size_t clusters) {
  return points * clusters <= kScansForOneStep && clusters <= 256 && HasAvx2();
}

}  // namespace

bool ReadsCarriedBounds(size_t points, size_t clusters, int max_iterations) {
  return max_iterations != 1 ||
         (!ScansOneStep(points, clusters) && GridSide(points, clusters) == 0);
}

std::vector<Cluster> RunKMeans(std::span<const Point> points, std::span<const double> weights,
                               std::vector<Cluster> clusters, const KMeansOptions& options) {
  if (clusters.empty() || points.empty()) {
    if (options.bounds != nullptr) {
      *options.bounds = CarriedBounds();  // nothing to give (and what came in is not the output)
    }
    return {};
  }
  // Up to this many point-center distances a step, the plain scans cost less.
  constexpr size_t kPlainScans = 1024;
  if (options.bounds == nullptr && points.size() * clusters.size() <= kPlainScans) {
    return RunPlainKMeans(points, weights, std::move(clusters), options);
  }
  const int blocks = points.size() < 2'048 ? 1 : 8;
  // A single step (an incremental update's) keeps no bounds: the upkeep costs more than it saves
  // in one step.
  if (options.max_iterations == 1 && ScansOneStep(points.size(), clusters.size())) {
    return RunScanStep(points, weights, std::move(clusters), blocks, options);
  }
  const int side = GridSide(points.size(), clusters.size());
  if (options.max_iterations == 1 && side > 0) {
    return RunGridStep(points, weights, std::move(clusters), blocks, side, options);
  }
  const Box box = BoundingBox(points, options.threads);
  std::vector<int32_t> label;
  std::vector<Point> centers(clusters.size());
  for (size_t j = 0; j < clusters.size(); ++j) {
    centers[j] = clusters[j].center;
  }
  Bounds bounds;
  bounds.slack = 1e-9 * (box.x1 - box.x0 + box.y1 - box.y0);
  if (options.bounds != nullptr && options.bounds->label.size() == points.size() &&
      options.bounds->upper.size() == points.size()) {
    TakeCarriedBounds(*options.bounds, centers, label, bounds, blocks, options.threads);
  } else {
    label.resize(points.size());
    bounds.Resize(points.size());
  }
  // The grid is rebuilt only once some center has drifted a quarter cell since it was built. A
  // single step (an incremental update's) needs no allowance for drift: shorter candidate lists.
  std::optional<CenterGrid> grid;
  const double margin = side > 0 && options.max_iterations > 1
                            ? 0.25 * std::min(box.x1 - box.x0, box.y1 - box.y0) / side
                            : 0;
  std::vector<double> drift(centers.size(), 0.0);
  std::vector<Sums> sums(blocks, Sums(centers.size()));
  std::vector<std::vector<int32_t>> unsettled(blocks);  // per block, the screening's list
  std::vector<Point> before;                            // the centers before a step's move
  // On points few enough for one block, once at most kFewMoved centers move in a step, the
  // steps after it look at those alone (MovedCenters), without the bounds' upkeep, to the end of
  // the run. (On more points, the bounded steps run on two threads and cost as little.)
  constexpr size_t kFewMoved = 16;
  std::optional<MovedCenters> late;
  int step = 0;
  while (step < options.max_iterations) {
    ++step;
    for (Sums& block_sums : sums) {
      block_sums.Reset(centers.size());
    }
    if (late) {
      late->Assign(before, centers, label);
      RunTasks(blocks, options.threads, [&](int b) {
        AddToSums(points, weights, label, points.size() * b / blocks,
                  points.size() * (b + 1) / blocks, sums[b]);
      });
    } else {
      const double max_drift = *std::max_element(drift.begin(), drift.end());
      if (side > 0 && (!grid || !bounds.valid || max_drift > margin)) {
        if (grid && bounds.valid) {
          MakeBoundsPlain(*grid, max_drift - margin, bounds);
        }
        grid.emplace(centers, box, side, margin);
        drift.assign(centers.size(), 0.0);
        if (bounds.cell.empty()) {
          bounds.cell.resize(points.size());
          ForRanges(points.size(), blocks, options.threads, [&](int, size_t begin, size_t end) {
            for (size_t i = begin; i < end; ++i) {
              bounds.cell[i] = grid->CellOf(points[i]);
            }
          });
        }
        bounds.cell_move.assign(grid->cells(), 0.0);
        bounds.cell_second.assign(grid->cells(), 0.0);
        bounds.cell_farthest.assign(grid->cells(), -1);
      } else if (grid && bounds.valid) {
        grid->Refresh();
        MeasureCellMoves(*grid, bounds);
      }
      RunTasks(blocks, options.threads, [&](int b) {
        AssignBlock(points, weights, centers, grid ? &*grid : nullptr, points.size() * b / blocks,
                    points.size() * (b + 1) / blocks, label, bounds, sums[b], unsettled[b]);
      });
    }
    AddBlockSums(sums);
    before.assign(centers.begin(), centers.end());
    const double largest_move = Recentre(sums[0], clusters, centers, label);
    if (!std::isfinite(largest_move)) {
      // A dropped cluster renumbers the centers: the bounds start again.
      late.reset();
      bounds.valid = false;
      bounds.Resize(points.size());
      drift.assign(centers.size(), 0.0);
    } else if (!late && blocks == 1 && MovedCenters::Moved(before, centers).size() <= kFewMoved) {
      late.emplace(points);
      bounds.valid = false;  // no longer kept
    } else if (!late) {
      bounds.valid = true;
      MeasureMoves(before, centers, bounds);
      for (size_t j = 0; j < centers.size(); ++j) {
        drift[j] += bounds.move[j];
      }
    }
    if (largest_move < options.threshold) {
      break;
    }
  }
  ListMembers(label, blocks, options, clusters);
  if (options.steps != nullptr) {
    *options.steps = step;
  }
  if (options.bounds != nullptr) {
    GiveCarriedBounds(grid ? &*grid : nullptr,
                      std::max(0.0, *std::max_element(drift.begin(), drift.end()) - margin), label,
                      bounds, *options.bounds, GivenIds(clusters, options), blocks,
                      options.threads);
  }
  return clusters;
}

}  // namespace plenary::opinion
