#include "engines/dedup/minhash.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::dedup {
namespace {

std::vector<uint16_t> Signature(const std::vector<uint64_t>& set, int bins, uint64_t seed) {
  std::vector<uint32_t> full(bins);
  ComputeMinHash(set, seed, full);
  return {full.begin(), full.end()};  // the index keeps the low 16 bits
}

// Two random sets of `size` elements sharing `common` of them.
std::pair<std::vector<uint64_t>, std::vector<uint64_t>> Overlapping(size_t size, size_t common,
                                                                    std::mt19937_64& random) {
  std::vector<uint64_t> a;
  std::vector<uint64_t> b;
  for (size_t i = 0; i < size; ++i) {
    const uint64_t shared = random();
    a.push_back(i < common ? shared : random());
    b.push_back(i < common ? shared : random());
  }
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return {a, b};
}

// Property: over many random pairs, the estimate is unbiased and within the binomial spread.
TEST(MinHash, EstimateTracksExactJaccard) {
  std::mt19937_64 random(2024);
  const int bins = 128;
  for (size_t size : {3u, 20u, 250u, 2000u}) {
    double error_sum = 0;
    double worst = 0;
    const int trials = 200;
    for (int trial = 0; trial < trials; ++trial) {
      const size_t common = random() % (size + 1);
      const auto [a, b] = Overlapping(size, common, random);
      const double exact = ExactJaccard(a, b);
      const double estimate = EstimateJaccard(Signature(a, bins, trial), Signature(b, bins, trial));
      error_sum += estimate - exact;
      worst = std::max(worst, std::abs(estimate - exact));
    }
    EXPECT_LT(std::abs(error_sum / trials), 0.02) << "biased for sets of " << size;
    // Five standard deviations of a 128-bin estimate (at most 0.5/sqrt(128) = 0.044).
    EXPECT_LT(worst, 0.23) << "sets of " << size;
  }
}

TEST(MinHash, IdenticalSetsAgreeEverywhereAndDisjointNearlyNowhere) {
  std::mt19937_64 random(5);
  const auto [a, b] = Overlapping(300, 0, random);
  EXPECT_EQ(EstimateJaccard(Signature(a, 128, 1), Signature(a, 128, 1)), 1.0);
  EXPECT_LT(EstimateJaccard(Signature(a, 128, 1), Signature(b, 128, 1)), 0.05);
}

TEST(MinHash, DuplicatesAndOrderDoNotMatter) {
  const std::vector<uint64_t> set = {5, 9, 1, 77, 3};
  const std::vector<uint64_t> shuffled = {77, 1, 3, 9, 5, 5, 1};
  EXPECT_EQ(Signature(set, 64, 3), Signature(shuffled, 64, 3));
}

TEST(MinHash, DensificationFillsEveryBinOfATinySet) {
  std::vector<uint32_t> full(128);
  ComputeMinHash(std::vector<uint64_t>{42}, 7, full);
  EXPECT_TRUE(std::all_of(full.begin(), full.end(), [&](uint32_t v) { return v == full[0]; }));
}

TEST(MinHash, IsDeterministicPerSeed) {
  const std::vector<uint64_t> set = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(Signature(set, 128, 11), Signature(set, 128, 11));
  EXPECT_NE(Signature(set, 128, 11), Signature(set, 128, 12));
}

TEST(ExactJaccard, CountsSharedElements) {
  EXPECT_DOUBLE_EQ(ExactJaccard(std::vector<uint64_t>{1, 2, 3}, std::vector<uint64_t>{2, 3, 4}),
                   0.5);
  EXPECT_DOUBLE_EQ(ExactJaccard(std::vector<uint64_t>{}, std::vector<uint64_t>{}), 1.0);
}

}  // namespace
}  // namespace plenary::dedup
