// Personal parts as stored (JSON) and shown (HTML, escaped, additions marked).
#include "campaigns/personal.h"

#include <gtest/gtest.h>

namespace plenary::campaigns {
namespace {

TEST(EncodeEdits, RoundTripsAndRefusesWhatIsNotItsJson) {
  std::vector<Edit> edits = {{3, {"old"}, {"new", "words"}}, {9, {}, {"ünïcode"}}};
  std::vector<Edit> back = DecodeEdits(EncodeEdits(edits));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].position, 3);
  EXPECT_EQ(back[0].removed, std::vector<std::string>{"old"});
  EXPECT_EQ(back[0].added, (std::vector<std::string>{"new", "words"}));
  EXPECT_EQ(back[1].added, std::vector<std::string>{"ünïcode"});
  EXPECT_TRUE(DecodeEdits("").empty());
  EXPECT_TRUE(DecodeEdits("{\"at\": 1}").empty());
  EXPECT_TRUE(DecodeEdits("[{\"removed\": []}]").empty());
}

TEST(HighlightEdits, MarksAdditionsStrikesRemovalsAndEscapes) {
  std::vector<std::string> rep = {"we", "ask", "the", "agency", "to", "protect", "the", "river"};
  std::vector<Edit> edits = {{5, {"protect"}, {"save", "<script>"}}};
  std::string html = HighlightEdits(rep, edits, 2);
  EXPECT_EQ(html, "agency to <del>protect</del> <mark>save &lt;script&gt;</mark> the river");
  // An insertion at the end, and a passage per edit.
  edits.push_back({8, {}, {"please"}});
  html = HighlightEdits(rep, edits, 1);
  EXPECT_NE(html.find(" … river <mark>please</mark>"), std::string::npos) << html;
  EXPECT_EQ(HighlightEdits(rep, {}), "");
}

TEST(EditsOf, CopiesTheEnginesPersonalPart) {
  dedup::PersonalPart part;
  part.edits.push_back({2, {"a"}, {"b", "c"}});
  auto edits = EditsOf(part);
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(edits[0].position, 2);
  EXPECT_EQ(edits[0].added, (std::vector<std::string>{"b", "c"}));
}

}  // namespace
}  // namespace plenary::campaigns
