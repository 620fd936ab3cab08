#include "engines/opinion/base_points.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engines/opinion/parallel.h"

namespace plenary::opinion {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

}  // namespace

std::vector<int32_t> NewPositions(std::span<const int32_t> before, std::span<const int32_t> rows,
                                  int32_t row_count) {
  std::vector<int32_t> moved_to(before.size(), -1);
  size_t p = 0;
  for (size_t q = 0; q < before.size(); ++q) {
    while (p < rows.size() && rows[p] != before[q]) {
      ++p;
    }
    if (p == rows.size()) {
      // Not a subsequence: by a table.
      std::vector<int32_t> position(row_count, -1);
      for (size_t i = 0; i < rows.size(); ++i) {
        position[rows[i]] = static_cast<int32_t>(i);
      }
      for (size_t i = 0; i < before.size(); ++i) {
        moved_to[i] = before[i] >= 0 && before[i] < row_count ? position[before[i]] : -1;
      }
      return moved_to;
    }
    moved_to[q] = static_cast<int32_t>(p++);
  }
  return moved_to;
}

CarriedBounds CarryBounds(BasePoints& before, std::span<const int32_t> moved_to,
                          std::span<const Point> points, std::span<const Cluster> start,
                          std::span<const Cluster> previous, int threads) {
  CarriedBounds carried;
  if (before.upper.empty()) {
    return carried;
  }
  // Cluster ids are small (0..99, then max + 1 for each split): tables by id.
  int32_t max_id = 0;
  for (const Cluster& c : start) {
    max_id = std::max(max_id, c.id);
  }
  for (const Cluster& c : previous) {
    max_id = std::max(max_id, c.id);
  }
  std::vector<const Point*> last_center(static_cast<size_t>(max_id) + 1, nullptr);
  for (const Cluster& c : previous) {
    last_center[c.id] = &c.center;
  }
  std::vector<int32_t> position(static_cast<size_t>(max_id) + 1, -1);
  std::vector<double> shift(start.size());
  double max_shift = 0;
  for (size_t s = 0; s < start.size(); ++s) {
    const Point* last = last_center[start[s].id];
    if (last == nullptr) {
      return carried;  // a new cluster: nothing bounds the distance to it
    }
    position[start[s].id] = static_cast<int32_t>(s);
    shift[s] = std::hypot(start[s].center.x - last->x, start[s].center.y - last->y);
    max_shift = std::max(max_shift, shift[s]);
  }
  const auto id_position = [&](int32_t id) { return id >= 0 && id <= max_id ? position[id] : -1; };
  const size_t n = points.size();
  bool ascending = true;
  size_t kept = moved_to.size();  // points [0, kept) keep their positions
  for (size_t q = 0; q < moved_to.size(); ++q) {
    ascending = ascending && moved_to[q] > (q > 0 ? moved_to[q - 1] : -1);
    kept = kept == moved_to.size() && moved_to[q] != static_cast<int32_t>(q) ? q : kept;
  }
  if (ascending && (moved_to.empty() || static_cast<size_t>(moved_to.back()) < n)) {
    // Each point keeps or moves up its position: the arrays are carried in place, from the last
    // point back (a million points' bounds need no fresh memory).
    carried.label = std::move(before.cluster);
    carried.second = std::move(before.second);
    carried.upper = std::move(before.upper);
    carried.near = std::move(before.near);
    carried.lower = std::move(before.lower);
    carried.label.resize(n);
    carried.second.resize(n);
    carried.upper.resize(n);
    carried.near.resize(n);
    carried.lower.resize(n);
    const auto unknown = [&carried](size_t from, size_t to) {
      for (size_t p = from; p < to; ++p) {
        carried.label[p] = 0;
        carried.upper[p] = kInfinity;
        carried.second[p] = -1;
        carried.near[p] = 0;
        carried.lower[p] = -kInfinity;
      }
    };
    // Point q's bounds, read from q and written at p >= q.
    const auto carry = [&](size_t q, size_t p) {
      const int32_t s = id_position(carried.label[q]);
      const int32_t b = id_position(carried.second[q]);
      const double upper = carried.upper[q], near = carried.near[q], lower = carried.lower[q];
      if (s < 0) {
        unknown(p, p + 1);
        return;
      }
      const double dx = points[p].x - before.points[q].x;
      const double dy = points[p].y - before.points[q].y;
      const double moved = std::sqrt(dx * dx + dy * dy);
      carried.label[p] = s;
      carried.upper[p] = upper + moved + shift[s];
      carried.lower[p] = lower - moved - max_shift;
      const bool tracked = b >= 0 && b != s;
      carried.second[p] = tracked ? b : -1;
      carried.near[p] = tracked ? near - moved - shift[b] : 0.0;
    };
    // The points that move up, from the last back (each written at or above where it is read);
    // then those that stay, each on its own.
    size_t next = n;  // points from here on are done
    for (size_t q = moved_to.size(); q-- > kept;) {
      const auto p = static_cast<size_t>(moved_to[q]);
      unknown(p + 1, next);  // new points
      next = p;
      carry(q, p);
    }
    unknown(kept, next);
    constexpr int kRanges = 8;
    constexpr size_t kPointsForThreads = 65'536;
    RunTasks(kRanges, kept < kPointsForThreads ? 1 : threads, [&](int r) {
      for (size_t q = kept * r / kRanges; q < kept * (r + 1) / kRanges; ++q) {
        carry(q, q);
      }
    });
    carried.checked = true;
    return carried;
  }
  carried.label.assign(n, 0);
  carried.upper.assign(n, kInfinity);
  carried.second.assign(n, -1);
  carried.near.assign(n, 0.0);
  carried.lower.assign(n, -kInfinity);
  carried.checked = true;
  for (size_t q = 0; q < moved_to.size(); ++q) {
    const int32_t p = moved_to[q];
    const int32_t s = id_position(before.cluster[q]);
    if (p < 0 || s < 0) {
      continue;
    }
    const double dx = points[p].x - before.points[q].x;
    const double dy = points[p].y - before.points[q].y;
    const double moved = std::sqrt(dx * dx + dy * dy);
    carried.label[p] = s;
    carried.upper[p] = before.upper[q] + moved + shift[s];
    carried.lower[p] = before.lower[q] - moved - max_shift;
    const int32_t b = id_position(before.second[q]);
    if (b >= 0 && b != s) {
      carried.second[p] = b;
      carried.near[p] = before.near[q] - moved - shift[b];
    }
  }
  return carried;
}

BasePoints KeepBasePoints(std::vector<int32_t> rows, std::vector<Point> points,
                          CarriedBounds carried) {
  BasePoints kept;
  kept.rows = std::move(rows);
  kept.points = std::move(points);
  kept.cluster = std::move(carried.label);
  kept.cluster.resize(kept.rows.size(), -1);
  if (carried.upper.size() == kept.rows.size()) {
    kept.second = std::move(carried.second);
    kept.upper = std::move(carried.upper);
    kept.near = std::move(carried.near);
    kept.lower = std::move(carried.lower);
  }
  return kept;
}

}  // namespace plenary::opinion
