// From the engine's analysis to a snapshot: hulls, labels, planted groups, cross-tabulations and
// statistics for declared groups.
#include "conversation/analysis.h"

#include <gtest/gtest.h>

namespace plenary::conversation {
namespace {

using opinion::Point;

TEST(ConvexHull, KeepsTheCornersOnly) {
  std::vector<Point> points = {{0, 0}, {2, 0}, {2, 2}, {0, 2}, {1, 1}, {1, 0}, {2, 2}};
  std::vector<Point> hull = ConvexHull(points);
  ASSERT_EQ(hull.size(), 4u);
  for (const Point& corner : {Point{0, 0}, Point{2, 0}, Point{2, 2}, Point{0, 2}}) {
    EXPECT_NE(std::find(hull.begin(), hull.end(), corner), hull.end());
  }
  EXPECT_EQ(ConvexHull({{1, 1}, {1, 1}}).size(), 1u);
}

TEST(GroupLetter, CountsLikeSpreadsheetColumns) {
  EXPECT_EQ(GroupLetter(0), "A");
  EXPECT_EQ(GroupLetter(4), "E");
  EXPECT_EQ(GroupLetter(26), "AA");
}

// Two camps of 30 (alternating participants) who vote opposite ways on statements 2 and 3 and all
// agree with 1; camp membership is also declared as a stakeholder group, and countries in two
// regions.
TEST(Summarise, FindsPlantedGroupsAndTabulatesDeclarations) {
  opinion::Conversation engine;
  std::vector<Participant> participants;
  for (int p = 1; p <= 60; ++p) {
    bool first = p % 2 == 1;  // camps interleaved, so the cold start sees both at once
    Participant who;
    who.number = p;
    who.stakeholder_group = first ? "government" : "civil_society";
    who.country_iso3 = first ? "FRA" : "BRA";
    participants.push_back(who);
    engine.AddVote(p, 1, opinion::Vote::kAgree);
    engine.AddVote(p, 2, first ? opinion::Vote::kAgree : opinion::Vote::kDisagree);
    engine.AddVote(p, 3, first ? opinion::Vote::kDisagree : opinion::Vote::kAgree);
    engine.AddVote(p, 4, p % 3 == 0 ? opinion::Vote::kPass : opinion::Vote::kAgree);
  }
  std::vector<Statement> statements;
  for (int s = 1; s <= 4; ++s) {
    Statement st;
    st.number = s;
    st.text = "Statement " + std::to_string(s);
    statements.push_back(st);
  }
  process::CountryMap countries;
  countries["FRA"] = process::Country{"FRA", "FR", "250", "France", "Europe"};
  countries["BRA"] = process::Country{"BRA", "BR", "076", "Brazil", "Americas"};
  Conversation conversation;
  nlohmann::json out = Summarise(engine, {conversation, statements, participants, countries});
  ASSERT_EQ(out["k"], 2) << out.dump();
  EXPECT_EQ(out["in_groups"], 60);
  EXPECT_EQ(out["groups"][0]["size"].get<int>() + out["groups"][1]["size"].get<int>(), 60);
  // Each opinion group is one camp: the cross-tabulation has one non-zero cell per row.
  for (const auto& row : out["crosstab"]["stakeholder_group"]) {
    EXPECT_EQ(row["total"], 30);
    auto counts = row["counts"];
    EXPECT_TRUE((counts[0] == 30 && counts[1] == 0) || (counts[0] == 0 && counts[1] == 30))
        << row.dump();
  }
  bool europe = false;
  for (const auto& row : out["crosstab"]["region"]) {
    europe = europe || (row["key"] == "Europe" && row["total"] == 30);
  }
  EXPECT_TRUE(europe);
  bool consensus = false;
  for (const auto& c : out["consensus"]["agree"]) {
    consensus = consensus || c["statement"] == 1;
  }
  EXPECT_TRUE(consensus) << out["consensus"].dump();
  const auto& declared = out["external"]["stakeholder_group"]["groups"];
  ASSERT_EQ(declared.size(), 2u);
  EXPECT_EQ(declared[1]["key"], "government");  // keys in code order: civil_society, government
  const auto& top = declared[1]["repness"][0];
  EXPECT_TRUE((top["statement"] == 2 && top["side"] == "agree") ||
              (top["statement"] == 3 && top["side"] == "disagree"))
      << top.dump();
  EXPECT_EQ(out["map"]["kind"], "points");
  EXPECT_EQ(out["map"]["points"].size(), 60u);
  EXPECT_FALSE(out["external"].contains("polis")) << "no Polis group-id was imported";
  EXPECT_EQ(out["statements"]["2"]["text"], "Statement 2");
}

}  // namespace
}  // namespace plenary::conversation
