#include "engines/opinion/projection.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "engines/opinion/pca.h"

namespace plenary::opinion {
namespace {

// Above 64k rows the projection from kept row sums runs in row ranges on two threads: the one
// thread's points, bit for bit (rows of different lengths, moderated counts and overlay cells).
TEST(ProjectFromRows, IsTheSameOnOneOrTwoThreads) {
  constexpr int32_t kRows = 70'000, kCols = 60;
  std::mt19937 random(5);
  VoteLog log;
  for (int32_t r = 0; r < kRows; ++r) {
    for (int k = 0; k < 1 + r % 5; ++k) {
      log.Add(static_cast<uint32_t>(r), random() % kCols, static_cast<int8_t>(random() % 3) - 1);
    }
  }
  ColumnTotals totals;
  const VoteMatrix matrix = MergeVotes({}, log, kRows, kCols, totals);
  std::vector<uint8_t> mod_out(kCols, 0);
  mod_out[7] = 1;
  RowProjection projection;
  projection.rows.stride = 4;
  std::uniform_real_distribution<double> unit(-1, 1);
  for (size_t i = 0; i < 4u * kRows; ++i) {
    projection.rows.sums.push_back(unit(random));
  }
  projection.rows.moderated.assign(kRows, 0);
  for (int32_t r = 0; r < kRows; r += 3) {
    projection.rows.moderated[r] = 1;
  }
  projection.coefficients = {std::vector<double>{0.5, -0.25, 0.125, 0.0},
                             std::vector<double>{0.1, 0.2, -0.3, 0.0}};
  const std::vector<Point> one = ProjectFromRows(matrix, projection, mod_out, nullptr, 1);
  const std::vector<Point> two = ProjectFromRows(matrix, projection, mod_out, nullptr, 2);
  ASSERT_EQ(two.size(), one.size());
  for (size_t r = 0; r < one.size(); ++r) {
    ASSERT_EQ(two[r].x, one[r].x) << r;
    ASSERT_EQ(two[r].y, one[r].y) << r;
  }
}

// Two participants, three comments; comment 2 is moderated out.
//   row 0: c0 agree, c1 disagree.  row 1: c0 disagree, c2 agree (moderated out).
TEST(ProjectParticipants, MatchesHandComputedValues) {
  VoteMatrix m;
  m.rows = 2;
  m.cols = 3;
  m.row_start = {0, 2, 4};
  m.col = {0, 1, 0, 2};
  m.value = {1, -1, -1, 1};
  Pca pca;
  pca.center = {0.2, -0.5, 0.0};
  pca.axes = {std::vector<double>{0.6, 0.8, 0.0}, std::vector<double>{0.8, -0.6, 0.0}};
  const std::vector<uint8_t> mod_out = {0, 0, 1};
  const std::vector<Point> p = ProjectParticipants(m, pca, mod_out, 1);
  // Row 0: x = (0.8, -0.5) on c0, c1; |O| = 2 votes + 1 moderated column = 3, scale 1.
  EXPECT_NEAR(p[0].x, 0.8 * 0.6 - 0.5 * 0.8, 1e-15);
  EXPECT_NEAR(p[0].y, 0.8 * 0.8 + 0.5 * 0.6, 1e-15);
  // Row 1: x = -1.2 on c0; the moderated vote counts once, through the column: |O| = 2.
  const double scale = std::sqrt(3.0 / 2.0);
  EXPECT_NEAR(p[1].x, scale * -1.2 * 0.6, 1e-15);
  EXPECT_NEAR(p[1].y, scale * -1.2 * 0.8, 1e-15);
}

// Asked for, each row's votes in moderated-out columns come back with the projection.
TEST(ProjectParticipants, CountsEachRowsModeratedVotes) {
  VoteLog log;  // row 0 votes on comments 0 and 2, row 1 on all three, row 2 on none
  log.Add(0, 0, 1);
  log.Add(0, 2, -1);
  log.Add(1, 0, 0);
  log.Add(1, 1, 1);
  log.Add(1, 2, 1);
  ColumnTotals totals;
  const VoteMatrix m = MergeVotes({}, log, 3, 3, totals);
  Pca pca;
  pca.center = {0.0, 0.0, 0.0};
  pca.axes = {std::vector<double>{1.0, 0.0, 0.0}, std::vector<double>{0.0, 1.0, 0.0}};
  std::vector<int32_t> moderated = {7, 7, 7, 7};  // overwritten, and sized to the rows
  ProjectParticipants(m, pca, std::vector<uint8_t>{0, 1, 1}, 2, &moderated);
  EXPECT_EQ(moderated, (std::vector<int32_t>{1, 2, 0}));
}

TEST(CommentExtremity, IsTheNormOfAnAgreeOnlyParticipant) {
  Pca pca;
  pca.center = {0.2, -0.5, 0.0};
  pca.axes = {std::vector<double>{0.6, 0.8, 0.0}, std::vector<double>{0.8, -0.6, 0.0}};
  const std::vector<double> e = CommentExtremity(pca);
  EXPECT_NEAR(e[0], std::sqrt(3.0) * 0.8, 1e-15);
  EXPECT_NEAR(e[1], std::sqrt(3.0) * 1.5, 1e-15);
  EXPECT_EQ(e[2], 0.0);
}

}  // namespace
}  // namespace plenary::opinion
