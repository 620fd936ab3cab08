#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "engines/opinion/nearest_avx2.h"
#include "engines/opinion/projection.h"

namespace plenary::opinion {

// The k-means' exact nearest-center lookup for 2-D points (kmeans.cc): scans of candidate
// centers, and a grid of cells that lists the centers that can be nearest in each.

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// A point's nearest and second nearest centers among those scanned, and the distance to the
// third nearest (a lower bound on the distance to every other one scanned).
struct Nearest {
  int32_t center = 0;
  double distance = 0;
  int32_t second = -1;
  double second_distance = std::numeric_limits<double>::infinity();
  double other = std::numeric_limits<double>::infinity();
};

// Keeps the three smallest squared distances seen, in order; ties go to the later center.
struct NearestThree {
  double best = std::numeric_limits<double>::infinity();
  double second = best, third = best;
  int32_t best_id = 0, second_id = -1;

  // Without branches (selects): which way a distance goes is not predictable.
  void Add(double d, int32_t j) {
    const bool first = d <= best, runner_up = d <= second;
    third = runner_up ? second : std::min(third, d);
    second = first ? best : (runner_up ? d : second);
    second_id = first ? best_id : (runner_up ? j : second_id);
    best = first ? d : best;
    best_id = first ? j : best_id;
  }

  Nearest Result() const {
    return {best_id, std::sqrt(best),
            second < std::numeric_limits<double>::infinity() ? second_id : -1, std::sqrt(second),
            std::sqrt(third)};
  }
};

// Scans `count` centers (indices in `list`, or 0..count-1 when null); ties go to the later one.
inline Nearest ScanNearest(const Point& p, const std::vector<Point>& centers, const int32_t* list,
                           size_t count) {
  NearestThree three;
  for (size_t k = 0; k < count; ++k) {
    const int32_t j = list != nullptr ? list[k] : static_cast<int32_t>(k);
    const double dx = p.x - centers[j].x, dy = p.y - centers[j].y;
    three.Add(dx * dx + dy * dy, j);
  }
  return three.Result();
}

// The same over candidates given by their coordinates, in center order (`id` for the result),
// without a chain of selects (four lanes with AVX2 when the processor has it).
Nearest ScanCandidates(const Point& p, const double* x, const double* y, const int32_t* id,
                       size_t count);

// Exact nearest-center lookup for 2-D points: a uniform grid over the points' bounding box
// where each cell lists the only centers that can be nearest to a point inside it: those whose
// distance to the cell is at most U, the smallest farthest-distance of any center to the cell.
// Built as a quadtree: a cell's list is a subset of its parent's, so fine grids stay cheap.
// Ties go to the later center, as in a plain scan with <=. With a `margin`, the lists stay valid
// while no center moves farther than that from where it was at construction (each list also
// holds the centers within 2 margins of the bound), so the grid serves several Lloyd steps.
class CenterGrid {
 public:
  // The grid for `centers` (kept by reference: Refresh reads them) over `box`, `side` x `side`
  // cells, its lists valid while no center moves farther than `margin`.
  CenterGrid(const std::vector<Point>& centers, const Box& box, int side, double margin);

  // The cell of a point (only a hint for the candidate list: the slack in Build covers rounding).
  int32_t CellOf(const Point& p) const {
    const int cx = std::clamp(static_cast<int>((p.x - box_.x0) * inverse_width_), 0, side_ - 1);
    const int cy = std::clamp(static_cast<int>((p.y - box_.y0) * inverse_height_), 0, side_ - 1);
    return cy * side_ + cx;
  }

  // The nearest center to p, a point of `cell` (ties to the later one), and a lower bound on the
  // distance to every other candidate of the cell (not to the centers left out: see Floor).
  Nearest Find(const Point& p, int32_t cell) const {
    const size_t at = offset_[cell];
    return ScanCandidates(p, x_.data() + at, y_.data() + at, candidates_.data() + at, count_[cell]);
  }

  // The nearest center to p (the last candidate at the smallest squared distance: ties go to the
  // later center, as in a scan of every center), from the candidates of the cell p falls in:
  // Find without the second and third nearest, for a step that keeps no bounds.
  int32_t NearestCenter(const Point& p) const {
    const int32_t cell = CellOf(p);
    const size_t at = offset_[cell];
    const size_t count = count_[cell];
    const double* x = x_.data() + at;
    const double* y = y_.data() + at;
    if (count > 8 && count <= 256 && HasAvx2()) {
      return candidates_[at + NearestAvx2(p.x, p.y, x, y, count)];
    }
    double best = std::numeric_limits<double>::infinity();
    size_t k_best = 0;
    for (size_t k = 0; k < count; ++k) {
      const double dx = p.x - x[k], dy = p.y - y[k];
      const double d = dx * dx + dy * dy;
      const bool nearer = d <= best;
      best = nearer ? d : best;
      k_best = nearer ? k : k_best;
    }
    return candidates_[at + k_best];
  }

  // Copies the centers' current positions into the candidate lists; call after they move.
  void Refresh() {
    x_.resize(candidates_.size());
    y_.resize(candidates_.size());
    for (size_t k = 0; k < candidates_.size(); ++k) {
      x_[k] = centers_[candidates_[k]].x;
      y_[k] = centers_[candidates_[k]].y;
    }
  }

  // A lower bound on the distance from any point of `cell` to the centers not listed for it.
  double Floor(int32_t cell) const { return floor_[cell]; }
  const double* floors() const { return floor_.data(); }

  int cells() const { return side_ * side_; }
  std::span<const int32_t> Candidates(int32_t cell) const {
    return {candidates_.data() + offset_[cell], count_[cell]};
  }

 private:
  // Filters `parent` down to the centers that can be nearest within the square of `size` cells
  // at (cx, cy), then recurses into its quarters (lists stay in center order).
  void Build(int cx, int cy, int size, int level);

  const std::vector<Point>& centers_;
  Box box_;
  int side_;
  double margin_;
  double width_ = 1, height_ = 1, inverse_width_ = 1, inverse_height_ = 1, slack_ = 0;
  std::vector<uint32_t> offset_;
  std::vector<uint32_t> count_;
  std::vector<double> floor_;
  std::vector<int32_t> candidates_;
  std::vector<double> x_, y_;                  // the candidates' coordinates, in list order
  std::vector<std::vector<int32_t>> scratch_;  // one candidate list per quadtree level
};

// A grid pays off once there are many more points than centers: a power of two, 128-256 points a
// cell (finer grids cost more to keep up, every step, than their shorter lists save), at most
// 256 x 256; 0 for no grid.
int GridSide(size_t points, size_t centers);

}  // namespace plenary::opinion
