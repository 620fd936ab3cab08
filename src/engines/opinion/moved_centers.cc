#include "engines/opinion/moved_centers.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engines/opinion/nearest_avx2.h"

namespace plenary::opinion {
namespace {

inline double Squared(double px, double py, double x, double y) {
  const double dx = px - x, dy = py - y;
  return dx * dx + dy * dy;
}

// About this many points a cell: fewer cells cost more checks of points, more cost more checks
// of cells.
constexpr size_t kPointsPerCell = 32;
constexpr int kMostSide = 256;

}  // namespace

MovedCenters::MovedCenters(std::span<const Point> points) : points_(points) {
  if (points.empty()) {
    return;
  }
  double x1 = points[0].x, y1 = points[0].y;
  x0_ = x1;
  y0_ = y1;
  for (const Point& p : points) {
    x0_ = std::min(x0_, p.x);
    y0_ = std::min(y0_, p.y);
    x1 = std::max(x1, p.x);
    y1 = std::max(y1, p.y);
  }
  while (side_ < kMostSide &&
         static_cast<size_t>(side_) * side_ * kPointsPerCell <= points.size()) {
    side_ *= 2;
  }
  width_ = x1 > x0_ ? (x1 - x0_) / side_ : 1.0;
  height_ = y1 > y0_ ? (y1 - y0_) / side_ : 1.0;
  // Cells are found by rounded divisions: each cell's box is widened by this much, so that it
  // holds its points.
  slack_ = 1e-9 * (width_ + height_);
  const size_t cells = static_cast<size_t>(side_) * side_;
  std::vector<int32_t> cell(points.size());
  cell_start_.assign(cells + 1, 0);
  for (size_t i = 0; i < points.size(); ++i) {
    const int cx = std::clamp(static_cast<int>((points[i].x - x0_) / width_), 0, side_ - 1);
    const int cy = std::clamp(static_cast<int>((points[i].y - y0_) / height_), 0, side_ - 1);
    cell[i] = cy * side_ + cx;
    ++cell_start_[cell[i] + 1];
  }
  for (size_t q = 0; q < cells; ++q) {
    cell_start_[q + 1] += cell_start_[q];
  }
  by_cell_.resize(points.size());
  std::vector<uint32_t> next(cell_start_.begin(), cell_start_.end() - 1);
  for (size_t i = 0; i < points.size(); ++i) {
    by_cell_[next[cell[i]]++] = static_cast<int32_t>(i);
  }
  squared_.resize(points.size());
  reach_.resize(cells);
}

std::vector<int32_t> MovedCenters::Moved(const std::vector<Point>& before,
                                         const std::vector<Point>& after) {
  std::vector<int32_t> moved;
  for (size_t j = 0; j < after.size(); ++j) {
    if (after[j].x != before[j].x || after[j].y != before[j].y) {
      moved.push_back(static_cast<int32_t>(j));
    }
  }
  return moved;
}

int MovedCenters::Cell(double v, double origin, double size) const {
  // Clamped before the conversion, which a value out of int's range would make undefined.
  return static_cast<int>(std::clamp(std::floor((v - origin) / size), 0.0, side_ - 1.0));
}

int32_t MovedCenters::Scan(const Point& p) const {
  constexpr size_t kMostForAvx2 = 256;
  const size_t k = x_.size();
  if (k <= kMostForAvx2 && HasAvx2()) {
    return static_cast<int32_t>(NearestAvx2(p.x, p.y, x_.data(), y_.data(), k));
  }
  double best = std::numeric_limits<double>::infinity();
  size_t at = 0;
  for (size_t j = 0; j < k; ++j) {
    const double d = Squared(p.x, p.y, x_[j], y_[j]);
    at = d <= best ? j : at;
    best = d <= best ? d : best;
  }
  return static_cast<int32_t>(at);
}

void MovedCenters::Assign(const std::vector<Point>& before, const std::vector<Point>& after,
                          std::vector<int32_t>& label) {
  const size_t k = after.size();
  x_.resize(k);
  y_.resize(k);
  moved_.assign(k, 0);
  for (size_t j = 0; j < k; ++j) {
    x_[j] = after[j].x;
    y_[j] = after[j].y;
  }
  const std::vector<int32_t> moved = Moved(before, after);
  for (const int32_t m : moved) {
    moved_[m] = 1;
  }
  // Each point's distance to its center now; a point whose center moved away scans every
  // center. By cell, for the cells' reach.
  double farthest = 0;
  const size_t cells = reach_.size();
  const Point* __restrict points = points_.data();
  const int32_t* __restrict by_cell = by_cell_.data();
  const uint8_t* __restrict moved_center = moved_.data();
  const double* __restrict x = x_.data();
  const double* __restrict y = y_.data();
  double* __restrict squared = squared_.data();
  int32_t* __restrict center = label.data();
  const bool known = squared_known_;
  for (size_t q = 0; q < cells; ++q) {
    double reach = -1;
    for (uint32_t at = cell_start_[q]; at < cell_start_[q + 1]; ++at) {
      const int32_t i = by_cell[at];
      int32_t j = center[i];
      double d = squared[i];
      if (!known || moved_center[j]) {
        const Point p = points[i];
        const double before_squared = d;
        d = Squared(p.x, p.y, x[j], y[j]);
        if (moved_center[j] && !(known && d <= before_squared)) {
          j = Scan(p);
          center[i] = j;
          d = Squared(p.x, p.y, x[j], y[j]);
        }
        squared[i] = d;
      }
      reach = std::max(reach, d);
    }
    reach_[q] = reach;
    farthest = std::max(farthest, reach);
  }
  squared_known_ = true;
  if (moved.empty()) {
    return;
  }
  // Moved centers in position order, each taking the points it is nearer to (or as near and
  // later than their center): the last center at the smallest distance, as a scan finds it.
  const double radius = std::sqrt(farthest) * (1 + 1e-9) + slack_;
  for (const int32_t m : moved) {
    const Point c = after[m];
    const int cx0 = Cell(c.x - radius, x0_, width_), cx1 = Cell(c.x + radius, x0_, width_);
    const int cy0 = Cell(c.y - radius, y0_, height_), cy1 = Cell(c.y + radius, y0_, height_);
    for (int cy = cy0; cy <= cy1; ++cy) {
      const double low_y = y0_ + cy * height_ - slack_, high_y = y0_ + (cy + 1) * height_ + slack_;
      const double dy = std::max({low_y - c.y, 0.0, c.y - high_y});
      for (int cx = cx0; cx <= cx1; ++cx) {
        const size_t q = static_cast<size_t>(cy) * side_ + cx;
        const double low_x = x0_ + cx * width_ - slack_, high_x = x0_ + (cx + 1) * width_ + slack_;
        const double dx = std::max({low_x - c.x, 0.0, c.x - high_x});
        // Every point of the cell is at least this far from c (a margin for rounding): when
        // that is farther than each is from its center, c takes none of them.
        if ((dx * dx + dy * dy) * (1 - 1e-9) > reach_[q]) {
          continue;
        }
        for (uint32_t at = cell_start_[q]; at < cell_start_[q + 1]; ++at) {
          const int32_t i = by_cell_[at];
          const double d = Squared(points_[i].x, points_[i].y, c.x, c.y);
          if (d < squared_[i] || (d == squared_[i] && m > label[i])) {
            label[i] = m;
            squared_[i] = d;
          }
        }
      }
    }
  }
}

}  // namespace plenary::opinion
