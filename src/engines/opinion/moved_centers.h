#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/projection.h"

namespace plenary::opinion {

// Lloyd's assignment late in a k-means run, when few centers move a step: most clusters keep
// their members, so their centers stay where they were, bit for bit.
//
// A point whose center stayed was nearest to it among every center that stayed (the same squared
// distances as at its last assignment, and the same tie), so only a center that moved can take
// it; so it is for a point whose center moved but came no farther from it than at the last
// assignment. Each moved center is checked against the points of the cells it can reach: the
// cells whose farthest point from its center is farther than the moved center is from the cell.
// Any other point whose center moved scans every center. The result is the same as a scan of
// every center, bit for bit: the same squared distances (dx * dx + dy * dy), ties to the later
// center.
class MovedCenters {
 public:
  // For a run over `points` (kept by reference, unchanged through the run), each point's squared
  // distances computed as those of a scan of the centers.
  explicit MovedCenters(std::span<const Point> points);

  // `label` holds each point's center (a position) at the last assignment, against `before`; on
  // return, its nearest center in `after` (the same positions: no cluster dropped since).
  void Assign(const std::vector<Point>& before, const std::vector<Point>& after,
              std::vector<int32_t>& label);

  // Centers that moved from `before` to `after` (positions).
  static std::vector<int32_t> Moved(const std::vector<Point>& before,
                                    const std::vector<Point>& after);

 private:
  // The nearest of every center (`x_`, `y_`), the last at the smallest squared distance.
  int32_t Scan(const Point& p) const;
  // The row or column of cells coordinate v falls in (clamped to the grid).
  int Cell(double v, double origin, double size) const;

  std::span<const Point> points_;
  double x0_ = 0, y0_ = 0, width_ = 1, height_ = 1, slack_ = 0;
  int side_ = 1;
  std::vector<int32_t> by_cell_;      // point positions, cell by cell
  std::vector<uint32_t> cell_start_;  // cell q's points: by_cell_[cell_start_[q], [q + 1])
  std::vector<double> squared_;       // each point's squared distance to its center
  bool squared_known_ = false;        // squared_ holds the last assignment's
  std::vector<double> reach_;         // by cell: the largest squared_ of its points
  std::vector<double> x_, y_;         // the centers now
  std::vector<uint8_t> moved_;        // by center: 1 when it moved
};

}  // namespace plenary::opinion
