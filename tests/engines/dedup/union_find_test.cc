#include "engines/dedup/union_find.h"

#include <gtest/gtest.h>

namespace plenary::dedup {
namespace {

TEST(UnionFind, MergesTransitively) {
  UnionFind sets;
  for (int i = 0; i < 6; ++i) {
    sets.Add();
  }
  sets.Union(0, 1);
  sets.Union(2, 3);
  EXPECT_NE(sets.Find(1), sets.Find(2));
  sets.Union(1, 3);
  EXPECT_EQ(sets.Find(0), sets.Find(2));
  EXPECT_EQ(sets.SetSize(sets.Find(0)), 4u);
  EXPECT_EQ(sets.SetSize(sets.Find(5)), 1u);
  EXPECT_EQ(sets.FindConst(3), sets.Find(3));
}

TEST(UnionFind, KeepsTheSmallerIdAsRootOfEqualSets) {
  UnionFind sets;
  sets.Add();
  sets.Add();
  EXPECT_EQ(sets.Union(1, 0), 0u);
  sets.Add();
  EXPECT_EQ(sets.Union(2, 1), 0u);  // the larger set's root wins
}

TEST(UnionFind, StaysShallowOnLongChains) {
  UnionFind sets;
  for (int i = 0; i < 100000; ++i) {
    sets.Add();
    if (i > 0) {
      sets.Union(i, i - 1);
    }
  }
  EXPECT_EQ(sets.SetSize(sets.Find(99999)), 100000u);
  EXPECT_EQ(sets.Find(99999), sets.Find(0));
}

}  // namespace
}  // namespace plenary::dedup
