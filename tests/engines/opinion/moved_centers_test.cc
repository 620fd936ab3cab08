#include "engines/opinion/moved_centers.h"

#include <limits>
#include <random>

#include <gtest/gtest.h>

namespace plenary::opinion {
namespace {

// The last center at the smallest squared distance, by a scan of every center.
std::vector<int32_t> ScanEveryCenter(const std::vector<Point>& points,
                                     const std::vector<Point>& centers) {
  std::vector<int32_t> label(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    double best = std::numeric_limits<double>::infinity();
    for (size_t j = 0; j < centers.size(); ++j) {
      const double dx = points[i].x - centers[j].x, dy = points[i].y - centers[j].y;
      const double d = dx * dx + dy * dy;
      if (d <= best) {
        best = d;
        label[i] = static_cast<int32_t>(j);
      }
    }
  }
  return label;
}

TEST(MovedCenters, ListsTheCentersThatMoved) {
  const std::vector<Point> before = {{0, 0}, {1, 1}, {2, 2}, {3, 3}};
  const std::vector<Point> after = {{0, 0}, {1, 1.5}, {2, 2}, {-3, 3}};
  EXPECT_EQ(MovedCenters::Moved(before, after), (std::vector<int32_t>{1, 3}));
  EXPECT_TRUE(MovedCenters::Moved(before, before).empty());
}

// Rounds of moves: none, one center, a few, most, near and far; after each, the labels are a
// scan's. The first round has no distances kept from an earlier one.
TEST(MovedCenters, AssignsAsAScanOfEveryCenterDoes) {
  std::mt19937_64 random(17);
  std::uniform_real_distribution<double> unit(-5, 5);
  std::normal_distribution<double> step(0, 0.3);
  std::vector<Point> points(1500);
  for (Point& p : points) {
    p = {unit(random), unit(random)};
  }
  for (int i = 0; i < 100; ++i) {
    points[700 + i] = points[i];  // repeated points
  }
  std::vector<Point> centers(60);
  for (Point& c : centers) {
    c = {unit(random), unit(random)};
  }
  std::vector<int32_t> label = ScanEveryCenter(points, centers);
  MovedCenters moved(points);
  for (int round = 0; round < 40; ++round) {
    const std::vector<Point> before = centers;
    const int count = round % 4 == 0 ? 0 : round % 4 == 1 ? 1 : round % 4 == 2 ? 5 : 45;
    for (int k = 0; k < count; ++k) {
      Point& c = centers[random() % centers.size()];
      c = round % 8 == 3 ? Point{unit(random), unit(random)}  // a long way
                         : Point{c.x + step(random), c.y + step(random)};
    }
    moved.Assign(before, centers, label);
    ASSERT_EQ(label, ScanEveryCenter(points, centers)) << "round " << round;
  }
}

// Points and centers on an integer lattice: many points are as near to two or four centers; the
// later one takes them, as in a scan, whether it moved or not.
TEST(MovedCenters, SendsTiesToTheLaterCenter) {
  std::vector<Point> points;
  for (int x = -6; x <= 6; ++x) {
    for (int y = -6; y <= 6; ++y) {
      points.push_back({static_cast<double>(x), static_cast<double>(y)});
    }
  }
  std::vector<Point> centers = {{-4, -4}, {4, -4}, {-4, 4}, {4, 4}, {0, 0}, {2, 0}};
  std::vector<int32_t> label = ScanEveryCenter(points, centers);
  MovedCenters moved(points);
  const std::vector<std::vector<Point>> moves = {
      {{-4, -4}, {4, -4}, {-4, 4}, {4, 4}, {0, 2}, {2, 0}},    // center 4 moves
      {{-2, -4}, {4, -4}, {-4, 4}, {4, 4}, {0, 2}, {2, 0}},    // center 0 moves
      {{-2, -4}, {4, -4}, {-4, 4}, {4, 4}, {0, 2}, {-2, 0}},   // the last one moves
      {{-2, -4}, {4, -4}, {-4, 4}, {4, 4}, {0, 2}, {-2, 0}},   // none
      {{-2, -4}, {4, -4}, {-4, 4}, {2, 2}, {0, -2}, {-2, 0}},  // two move
  };
  for (size_t round = 0; round < moves.size(); ++round) {
    const std::vector<Point> before = centers;
    centers = moves[round];
    moved.Assign(before, centers, label);
    ASSERT_EQ(label, ScanEveryCenter(points, centers)) << "round " << round;
  }
}

TEST(MovedCenters, TakesOnePointAndPointsInALine) {
  const std::vector<Point> one = {{1, 1}};
  std::vector<Point> centers = {{0, 0}, {3, 3}};
  std::vector<int32_t> label = ScanEveryCenter(one, centers);
  MovedCenters moved(one);
  const std::vector<Point> before = centers;
  centers[1] = {1, 1.5};
  moved.Assign(before, centers, label);
  EXPECT_EQ(label, (std::vector<int32_t>{1}));

  std::vector<Point> line;  // every point with the same y: cells of zero height
  for (int i = 0; i < 200; ++i) {
    line.push_back({0.1 * i, 2});
  }
  centers = {{0, 0}, {10, 0}, {20, 0}};
  label = ScanEveryCenter(line, centers);
  MovedCenters along(line);
  const std::vector<Point> start = centers;
  centers[1] = {5, 2};
  along.Assign(start, centers, label);
  EXPECT_EQ(label, ScanEveryCenter(line, centers));
}

}  // namespace
}  // namespace plenary::opinion
