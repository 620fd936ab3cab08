#include "engines/opinion/agreement.h"

#include <vector>

#include <gtest/gtest.h>

namespace plenary::opinion {
namespace {

TEST(AdjustedRandIndex, IsOneForRenamedPartitions) {
  const std::vector<int32_t> a = {0, 0, 1, 1, 2, 2};
  const std::vector<int32_t> b = {2, 2, 0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(AdjustedRandIndex(a, b), 1.0);
}

TEST(AdjustedRandIndex, MatchesAHandComputedValue) {
  // Contingency [[2,1],[0,2]]: index 1+0+0+1 = 2; rows C(3,2)+C(2,2) = 4; cols 1+3 = 4;
  // expected 4*4/10 = 1.6; max 4; ARI = (2-1.6)/(4-1.6) = 1/6.
  const std::vector<int32_t> a = {0, 0, 0, 1, 1};
  const std::vector<int32_t> b = {0, 0, 1, 1, 1};
  EXPECT_NEAR(AdjustedRandIndex(a, b), 1.0 / 6.0, 1e-12);
}

TEST(AdjustedRandIndex, IsNegativeForCrossedPartitions) {
  const std::vector<int32_t> a = {0, 0, 1, 1};
  const std::vector<int32_t> b = {0, 1, 0, 1};
  EXPECT_LT(AdjustedRandIndex(a, b), 0.0);
}

}  // namespace
}  // namespace plenary::opinion
