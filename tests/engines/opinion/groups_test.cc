#include "engines/opinion/groups.h"

#include <gtest/gtest.h>

namespace plenary::opinion {
namespace {

// Base clusters around `centers`, 12 per center so that k up to 5 is tried.
std::vector<Cluster> BaseAround(const std::vector<Point>& centers) {
  std::vector<Cluster> base;
  for (int i = 0; i < 12; ++i) {
    for (const Point& c : centers) {
      const int32_t id = static_cast<int32_t>(base.size());
      base.push_back({id, {c.x + 0.1 * (i % 4), c.y + 0.1 * (i / 4)}, {id}});
    }
  }
  return base;
}

TEST(ChooseGroups, FindsThePlantedNumberOfGroups) {
  const std::vector<Cluster> base = BaseAround({{0, 0}, {20, 0}, {0, 20}});
  GroupState state;
  const GroupChoice choice = ChooseGroups(base, {}, state);
  EXPECT_EQ(choice.best_k, 3);
  EXPECT_EQ(choice.k, 3);
  ASSERT_EQ(choice.groups.size(), 3u);
  for (const Cluster& g : choice.groups) {
    EXPECT_EQ(g.members.size(), 12u);
  }
  EXPECT_GT(choice.silhouette[3], choice.silhouette[2]);
  EXPECT_GT(choice.silhouette[3], choice.silhouette[4]);
}

TEST(ChooseGroups, SmootherWaitsForFourWinsInARow) {
  GroupState state;
  const std::vector<Cluster> two = BaseAround({{0, 0}, {20, 0}});
  const std::vector<Cluster> three = BaseAround({{0, 0}, {20, 0}, {0, 20}});
  EXPECT_EQ(ChooseGroups(two, {}, state).k, 2);  // the first update shows k* directly
  EXPECT_EQ(ChooseGroups(three, {}, state).k, 2);
  EXPECT_EQ(ChooseGroups(three, {}, state).k, 2);
  EXPECT_EQ(ChooseGroups(three, {}, state).k, 2);
  EXPECT_EQ(ChooseGroups(three, {}, state).k, 3);  // the 4th consecutive win
  EXPECT_EQ(ChooseGroups(two, {}, state).k, 3);
}

TEST(ChooseGroups, OneGroupWhenTooFewBaseClusters) {
  const std::vector<Cluster> base = {{0, {0, 0}, {0}}};
  GroupState state;
  const GroupChoice choice = ChooseGroups(base, {}, state);
  EXPECT_EQ(choice.k, 1);
  ASSERT_EQ(choice.groups.size(), 1u);
}

}  // namespace
}  // namespace plenary::opinion
