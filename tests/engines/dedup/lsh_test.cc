#include "engines/dedup/lsh.h"

#include <vector>

#include <gtest/gtest.h>

#include "engines/dedup/flat_table.h"

namespace plenary::dedup {
namespace {

TEST(ChooseLshParams, ReachesTheRecallTargetAtTheThreshold) {
  for (double threshold : {0.5, 0.7, 0.8, 0.9}) {
    auto params = ChooseLshParams(threshold, 128);
    ASSERT_TRUE(params.has_value());
    EXPECT_LE(params->bands * params->rows, 128);
    EXPECT_GE(CollisionProbability(threshold, *params), 0.995);
    // One more row would miss the target: the choice is as selective as allowed.
    const LshParams tighter{128 / (params->rows + 1), params->rows + 1};
    EXPECT_LT(CollisionProbability(threshold, tighter), 0.995);
  }
  const auto defaults = ChooseLshParams(0.8, 128);
  ASSERT_TRUE(defaults.has_value());
  EXPECT_LT(CollisionProbability(0.4, *defaults), 0.1);  // few chance candidates
}

TEST(ChooseLshParams, RefusesImpossibleThresholds) {
  EXPECT_EQ(ChooseLshParams(0.0, 128).error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ChooseLshParams(1.5, 128).error().code(), StatusCode::kInvalidArgument);
}

TEST(ComputeBandKeys, EqualBandsGiveEqualKeys) {
  const LshParams params{4, 2};
  std::vector<uint32_t> a = {1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<uint32_t> b = {1, 2, 9, 4, 5, 6, 7, 9};
  std::vector<uint32_t> ka(4);
  std::vector<uint32_t> kb(4);
  ComputeBandKeys(a, params, 1, ka);
  ComputeBandKeys(b, params, 1, kb);
  EXPECT_EQ(ka[0], kb[0]);
  EXPECT_NE(ka[1], kb[1]);
  EXPECT_EQ(ka[2], kb[2]);
  EXPECT_NE(ka[3], kb[3]);
  EXPECT_NE(ka[0], ka[2]);  // the band number is part of the key
}

std::vector<uint32_t> Bucket(LshBuckets& buckets, int band, uint32_t key) {
  std::vector<uint32_t> entries;
  for (uint32_t e = buckets.First(band, key); e != LshBuckets::kNone; e = buckets.Next(band, e)) {
    entries.push_back(e);
  }
  return entries;
}

TEST(LshBuckets, ChainsEntriesNewestFirstUpToCapacity) {
  LshBuckets buckets({2, 3}, 3);
  for (uint32_t entry = 0; entry < 5; ++entry) {
    const std::vector<uint32_t> keys = {7, entry};  // band 0 shared, band 1 distinct
    buckets.Insert(entry, keys);
  }
  EXPECT_EQ(Bucket(buckets, 0, 7), (std::vector<uint32_t>{2, 1, 0}));
  EXPECT_EQ(Bucket(buckets, 1, 4), (std::vector<uint32_t>{4}));
  EXPECT_TRUE(Bucket(buckets, 1, 99).empty());
}

TEST(FlatTable, FindsWhatWasInsertedAcrossGrowth) {
  FlatTable<uint64_t, uint32_t> table;
  for (uint64_t k = 1; k <= 5000; ++k) {
    const auto [value, inserted] = table.FindOrInsert(k * 7919, static_cast<uint32_t>(k));
    EXPECT_TRUE(inserted);
    EXPECT_EQ(*value, k);
  }
  EXPECT_EQ(table.size(), 5000u);
  EXPECT_FALSE(table.FindOrInsert(7919, 0).second);
  ASSERT_NE(table.Find(5000 * 7919), nullptr);
  EXPECT_EQ(*table.Find(5000 * 7919), 5000u);
  EXPECT_EQ(table.Find(3), nullptr);
  EXPECT_EQ(decltype(table)::ToTableKey(0), 1u);
}

}  // namespace
}  // namespace plenary::dedup
