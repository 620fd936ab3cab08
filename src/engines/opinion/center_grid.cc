#include "engines/opinion/center_grid.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "engines/opinion/double2.h"

namespace plenary::opinion {
namespace {

// The smallest of d[0, count) (count even, padded with infinity), two lanes at a time.
inline double Smallest(const double* d, size_t count) {
  Double2 low = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
  for (size_t k = 0; k < count; k += 2) {
    Double2 v;
    std::memcpy(&v, d + k, sizeof v);
    low = v < low ? v : low;
  }
  return std::min(low[0], low[1]);
}

// The last k < count with d[k] == value (it is there).
inline size_t LastAt(const double* d, size_t count, double value) {
  size_t k = count - 1;
  while (d[k] != value) {
    --k;
  }
  return k;
}

}  // namespace

// The same over candidates given by their coordinates, in center order (`id` for the result):
// the squared distances first, in a loop the compiler vectorises, then the three smallest by
// vectorised minimums (the nearest and second nearest: the last candidate at their distance,
// as NearestThree's ties go), the same result as NearestThree without its chain of selects.
Nearest ScanCandidates(const Point& p, const double* x, const double* y, const int32_t* id,
                       size_t count) {
  constexpr size_t kMost = 256;
  if (count > 0 && count <= kMost && HasAvx2()) {
    const NearestSquared n = NearestThreeAvx2(p.x, p.y, x, y, count);
    const bool two = n.second < count;
    return {id[n.best], std::sqrt(n.best_squared), two ? id[n.second] : -1,
            two ? std::sqrt(n.second_squared) : std::numeric_limits<double>::infinity(),
            std::sqrt(n.third_squared)};
  }
  if (count > 0 && count <= kMost) {
    alignas(16) double d[kMost + 1];
    for (size_t k = 0; k < count; ++k) {
      const double dx = p.x - x[k], dy = p.y - y[k];
      d[k] = dx * dx + dy * dy;
    }
    const size_t even = count + (count & 1);
    d[count] = std::numeric_limits<double>::infinity();
    const double first = Smallest(d, even);
    const size_t best = LastAt(d, count, first);
    d[best] = std::numeric_limits<double>::infinity();
    const double second = Smallest(d, even);
    if (!(second < std::numeric_limits<double>::infinity())) {
      return {id[best], std::sqrt(first), -1, std::numeric_limits<double>::infinity(),
              std::numeric_limits<double>::infinity()};
    }
    const size_t runner_up = LastAt(d, count, second);
    d[runner_up] = std::numeric_limits<double>::infinity();
    return {id[best], std::sqrt(first), id[runner_up], std::sqrt(second),
            std::sqrt(Smallest(d, even))};
  }
  constexpr size_t kChunk = 32;
  double d[kChunk];
  NearestThree three;
  for (size_t begin = 0; begin < count; begin += kChunk) {
    const size_t n = std::min(kChunk, count - begin);
    for (size_t k = 0; k < n; ++k) {
      const double dx = p.x - x[begin + k], dy = p.y - y[begin + k];
      d[k] = dx * dx + dy * dy;
    }
    for (size_t k = 0; k < n; ++k) {
      three.Add(d[k], id[begin + k]);
    }
  }
  return three.Result();
}

CenterGrid::CenterGrid(const std::vector<Point>& centers, const Box& box, int side, double margin)
    : centers_(centers), box_(box), side_(side), margin_(margin) {
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
  Refresh();
}

void CenterGrid::Build(int cx, int cy, int size, int level) {
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
  // Once centers move by up to the margin, the nearest is within sqrt(bound) + margin of any
  // point of the square, and a center farther than sqrt(bound) + 2 margins from the square
  // stays farther than that.
  const double reach = std::sqrt(bound) + 2 * margin_;
  const double limit = reach * reach * (1 + 1e-12);
  kept.clear();
  for (const int32_t j : parent) {
    const Point& c = centers_[j];
    const double nx = std::max({0.0, x0 - c.x, c.x - x1});
    const double ny = std::max({0.0, y0 - c.y, c.y - y1});
    if (nx * nx + ny * ny <= limit) {
      kept.push_back(j);
    }
  }
  if (size == 1 || kept.size() == 1) {
    // Every center left out here or at a coarser level stays farther than sqrt(bound) + margin
    // from any point of the square (bounds only shrink down the tree).
    const double floor = (std::sqrt(bound) + margin_) * (1 - 1e-9);
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

// A grid pays off once there are many more points than centers: a power of two, 128-256 points a
// cell (finer grids cost more to keep up, every step, than their shorter lists save), at most
// 256 x 256; 0 for no grid.
int GridSide(size_t points, size_t centers) {
  if (points < 20 * centers) {
    return 0;
  }
  int side = 1;
  while (side < 256 && static_cast<size_t>(side) * side * 256 < points) {
    side *= 2;
  }
  return side;
}

}  // namespace plenary::opinion
