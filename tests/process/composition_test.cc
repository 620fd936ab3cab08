#include "process/composition.h"

#include <gtest/gtest.h>

namespace plenary::process {
namespace {

Member Seat(StakeholderGroup g, std::string iso3, Role role = Role::kMember,
            std::string group = "") {
  Member m;
  m.stakeholder_group = g;
  m.country_iso3 = std::move(iso3);
  m.role = role;
  m.regional_group = std::move(group);
  m.seat_label = "seat";
  return m;
}

TEST(ComputeComposition, CountsByGroupRegionAndDevelopmentStatus) {
  std::map<std::string, Country> countries = {
      {"MOZ",
       {"MOZ", "MZ", "508", "Mozambique", "Africa", "", true, false, false, "member_state",
        "African States"}},
      {"BRA",
       {"BRA", "BR", "076", "Brazil", "Americas", "", false, false, false, "member_state",
        "Latin American and Caribbean States"}},
      {"FJI",
       {"FJI", "FJ", "242", "Fiji", "Oceania", "", false, false, true, "member_state",
        "Asia-Pacific States"}}};
  std::vector<Member> members = {
      Seat(StakeholderGroup::kGovernment, "MOZ"),
      Seat(StakeholderGroup::kGovernment, "FJI"),
      Seat(StakeholderGroup::kGovernment, "", Role::kMember, "Eastern European States"),
      Seat(StakeholderGroup::kCivilSociety, "BRA"),
      Seat(StakeholderGroup::kGovernment, "BRA", Role::kChair),
      Seat(StakeholderGroup::kGovernment, "MOZ", Role::kObserver),
      Seat(StakeholderGroup::kIntergovernmental, "", Role::kSecretariat)};
  Composition c = ComputeComposition(members, countries);
  EXPECT_EQ(c.seats, 4);
  EXPECT_EQ(c.recorded, 3);
  EXPECT_EQ(c.observers, 1);
  EXPECT_EQ(c.secretariat, 1);
  EXPECT_EQ(c.officers, 1);
  ASSERT_EQ(c.by_stakeholder_group.size(), 6u);  // all six, even when empty
  EXPECT_EQ(c.by_stakeholder_group[0].key, "government");
  EXPECT_EQ(c.by_stakeholder_group[0].seats, 3);
  EXPECT_EQ(c.by_stakeholder_group[2].seats, 1);
  EXPECT_EQ(c.by_stakeholder_group[5].seats, 0);
  // Regions alphabetically, the unrecorded bucket last.
  ASSERT_EQ(c.by_region.size(), 4u);
  EXPECT_EQ(c.by_region[0].key, "Africa");
  EXPECT_EQ(c.by_region[3].key, "");
  EXPECT_EQ(c.by_region[3].recorded, 0);
  ASSERT_EQ(c.by_regional_group.size(), 3u);
  EXPECT_EQ(c.by_regional_group[0].key, "African States");
  EXPECT_EQ(c.by_regional_group[2].key, "Eastern European States");
  EXPECT_EQ(c.ldc, 1);
  EXPECT_EQ(c.sids, 1);
  EXPECT_EQ(c.lldc, 0);
}

TEST(ComputeComposition, EmptyProcessListsAllGroupsAtZero) {
  Composition c = ComputeComposition({}, {});
  EXPECT_EQ(c.seats, 0);
  EXPECT_EQ(c.by_stakeholder_group.size(), 6u);
  EXPECT_TRUE(c.by_region.empty());
}

}  // namespace
}  // namespace plenary::process
