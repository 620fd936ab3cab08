#include "process/codec.h"

#include <gtest/gtest.h>

namespace plenary::process {
namespace {

using nlohmann::json;

TEST(ProcessFromJson, NeedsTitleAndShortName) {
  EXPECT_NE(ProcessFromJson({{"short_name", "x"}}, nullptr).error().message().find("title"),
            std::string::npos);
  EXPECT_NE(ProcessFromJson({{"title", "x"}}, nullptr).error().message().find("short_name"),
            std::string::npos);
  auto ok = ProcessFromJson({{"title", " WGEC "}, {"short_name", "w"}}, nullptr);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->title, "WGEC");  // trimmed
  EXPECT_EQ(ok->status, ProcessStatus::kPlanned);
  EXPECT_EQ(ok->time_zone, "UTC");
}

TEST(ProcessFromJson, RefusesBadFieldsNamingThem) {
  json base = {{"title", "T"}, {"short_name", "s"}};
  struct Case {
    const char* field;
    json value;
    const char* mentions;
  };
  for (const Case& c :
       {Case{"starts_on", "2017-02-29", "starts_on"}, Case{"status", "over", "over"},
        Case{"title", 5, "'title' must be a string"},
        Case{"guiding_questions", "one", "guiding_questions"},
        Case{"guiding_questions", json::array({""}), "guiding_questions[0]"},
        Case{"milestones", json::array({{{"title", "x"}}}), "milestones[0]"},
        Case{"nickname", "x", "unknown field 'nickname'"},
        Case{"title", std::string(600, 'x'), "longer than"}}) {
    json body = base;
    body[c.field] = c.value;
    auto parsed = ProcessFromJson(body, nullptr);
    ASSERT_FALSE(parsed) << c.field;
    EXPECT_EQ(parsed.error().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message().find(c.mentions), std::string::npos)
        << parsed.error().message();
  }
}

TEST(ProcessFromJson, RefusesEndBeforeStart) {
  auto parsed = ProcessFromJson(
      {{"title", "T"}, {"short_name", "s"}, {"starts_on", "2018-01-01"}, {"ends_on", "2017-01-01"}},
      nullptr);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message().find("before"), std::string::npos);
}

TEST(ProcessFromJson, PatchKeepsWhatIsNotGiven) {
  Process stored;
  stored.title = "Old";
  stored.short_name = "s";
  stored.guiding_questions = {"Q1"};
  auto patched = ProcessFromJson({{"mandate", "New mandate"}}, &stored);
  ASSERT_TRUE(patched);
  EXPECT_EQ(patched->title, "Old");
  EXPECT_EQ(patched->mandate, "New mandate");
  EXPECT_EQ(patched->guiding_questions, std::vector<std::string>{"Q1"});
}

TEST(MemberFromJson, ValidatesGroupRoleAndHolder) {
  auto ok = MemberFromJson({{"stakeholder_group", "civil_society"}, {"organisation", "APC"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->role, Role::kMember);
  EXPECT_NE(MemberFromJson({{"organisation", "APC"}}).error().message().find("stakeholder_group"),
            std::string::npos);
  EXPECT_NE(MemberFromJson({{"stakeholder_group", "media"}, {"person", "x"}})
                .error()
                .message()
                .find("'media'"),
            std::string::npos);
  EXPECT_NE(MemberFromJson({{"stakeholder_group", "government"}, {"role", "king"}, {"person", "x"}})
                .error()
                .message()
                .find("'king'"),
            std::string::npos);
  // A seat with no recorded holder is fine when it is labelled.
  auto seat = MemberFromJson(
      {{"stakeholder_group", "government"}, {"seat_label", "African States seat 1"}});
  ASSERT_TRUE(seat);
  EXPECT_FALSE(seat->holder_recorded());
}

TEST(ToJson, RoundTripsThroughProcessFromJson) {
  Process p;
  p.title = "WGEC";
  p.short_name = "WGEC 2016-2018";
  p.guiding_questions = {"Q1", "Q2"};
  p.milestones = {{"meeting", "2016-09-30", "", "First meeting", ""}};
  json out = ToJson(p);
  for (const char* generated : {"id", "links", "created_at", "updated_at"}) {
    out.erase(generated);
  }
  auto back = ProcessFromJson(out, nullptr);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->guiding_questions, p.guiding_questions);
  EXPECT_EQ(back->milestones[0].title, "First meeting");
}

}  // namespace
}  // namespace plenary::process
