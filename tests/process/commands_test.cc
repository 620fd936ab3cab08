// The process use cases against a real database, on every backend.
#include "process/commands.h"

#include <span>

#include <gtest/gtest.h>

#include "core/embedded.h"
#include "process/demo.h"
#include "process/module.h"
#include "process/queries.h"
#include "storage/migrator.h"
#include "support/temp_database.h"

namespace plenary::process {
namespace {

const audit::Actor kTester{0, "test"};

class FixedClock : public Clock {
 public:
  Timestamp Now() const override { return *ParseIso8601("2026-01-02T03:04:05Z"); }
};

class CommandsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto db = OpenTempDatabase(GetParam());
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::BuiltinMigrations()).has_value());
    ASSERT_TRUE(LoadReferenceData(*db_).ok());
    ctx_.emplace(Context{*db_, clock_});
  }
  std::unique_ptr<storage::Database> db_;
  FixedClock clock_;
  std::optional<Context> ctx_;
};

TEST_P(CommandsTest, ReferenceDataHasTheM49List) {
  auto countries = ReadCountries(*ctx_);
  ASSERT_TRUE(countries);
  EXPECT_EQ(countries->size(), 248u);
  int ldc = 0;
  for (const Country& c : *countries) {
    ldc += c.ldc;
  }
  EXPECT_EQ(ldc, 44);
  EXPECT_TRUE(LoadReferenceData(*db_).ok());  // idempotent
  EXPECT_EQ(ReadCountries(*ctx_)->size(), 248u);
  auto hk = ReadCountry(*ctx_, "hkg");
  ASSERT_TRUE(hk && *hk);
  EXPECT_EQ((*hk)->name, "China, Hong Kong Special Administrative Region");
}

TEST_P(CommandsTest, CreateStampsTimesAndRefusesDuplicates) {
  auto p = CreateProcess(
      *ctx_, kTester, {{"title", "T"}, {"short_name", "S"}, {"guiding_questions", {"Q1", "Q2"}}});
  ASSERT_TRUE(p) << p.error().ToString();
  EXPECT_EQ(p->created_at, "2026-01-02T03:04:05Z");
  EXPECT_EQ(p->guiding_questions.size(), 2u);
  auto again = CreateProcess(*ctx_, kTester, {{"title", "T2"}, {"short_name", "S"}});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), StatusCode::kConflict);
  EXPECT_EQ(ReadProcesses(*ctx_)->size(), 1u);
}

TEST_P(CommandsTest, UpdateReplacesQuestionsAndMilestonesAtomically) {
  auto p = CreateProcess(*ctx_, kTester,
                         {{"title", "T"}, {"short_name", "S"}, {"guiding_questions", {"Q1"}}});
  ASSERT_TRUE(p);
  auto bad =
      UpdateProcess(*ctx_, kTester, p->id, {{"guiding_questions", {"new"}}, {"status", "nope"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(ReadProcess(*ctx_, p->id)->guiding_questions, std::vector<std::string>{"Q1"});
  auto good = UpdateProcess(
      *ctx_, kTester, p->id,
      {{"guiding_questions", {"A", "B"}},
       {"milestones", {{{"title", "M"}, {"starts_on", "2020-01-01"}, {"kind", "meeting"}}}}});
  ASSERT_TRUE(good) << good.error().ToString();
  EXPECT_EQ(good->guiding_questions, (std::vector<std::string>{"A", "B"}));
  ASSERT_EQ(good->milestones.size(), 1u);
  EXPECT_EQ(UpdateProcess(*ctx_, kTester, 999, {{"title", "x"}}).error().code(),
            StatusCode::kNotFound);
}

TEST_P(CommandsTest, AddMemberResolvesCountriesByAnyCode) {
  auto p = CreateProcess(*ctx_, kTester, {{"title", "T"}, {"short_name", "S"}});
  ASSERT_TRUE(p);
  for (const char* code : {"BRA", "br", "076"}) {
    auto m =
        AddMember(*ctx_, kTester, p->id, {{"stakeholder_group", "government"}, {"country", code}});
    ASSERT_TRUE(m) << code << ": " << m.error().ToString();
    EXPECT_EQ(m->country_iso3, "BRA");
    EXPECT_EQ(m->regional_group, "Latin American and Caribbean States");
  }
  auto unknown =
      AddMember(*ctx_, kTester, p->id, {{"stakeholder_group", "government"}, {"country", "ZZZ"}});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message().find("unknown country code 'ZZZ'"), std::string::npos);
  auto roster = ReadRoster(*ctx_, p->id);
  ASSERT_TRUE(roster);
  EXPECT_EQ(roster->members.size(), 3u);
  EXPECT_EQ(roster->CountryOf(roster->members[0])->name, "Brazil");
}

TEST_P(CommandsTest, DemoLoadsThroughTheUseCases) {
  std::string demo = R"({"process": {"title": "Demo", "short_name": "D"},
    "members": [{"seat_template": "African States seat {n}", "count": 4,
                 "stakeholder_group": "government", "regional_group": "African States"},
                {"stakeholder_group": "technical_community", "organisation": "ICANN",
                 "seat_label": "Technical seat 1"}]})";
  auto id = LoadDemoProcess(*ctx_, demo);
  ASSERT_TRUE(id) << id.error().ToString();
  auto roster = ReadRoster(*ctx_, *id);
  ASSERT_EQ(roster->members.size(), 5u);
  EXPECT_EQ(roster->members[3].seat_label, "African States seat 4");
  auto broken = LoadDemoProcess(*ctx_, R"({"process": {"title": "X", "short_name": "X"},
                                           "members": [{"stakeholder_group": "aliens", "person": "a"}]})");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message().find("members[0]"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, CommandsTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::process

namespace plenary::process {
namespace {

TEST(FindCountryTest, ByAlpha3Alpha2OrM49InAnyCase) {
  CountryMap countries;
  countries["BRA"] = Country{.iso3 = "BRA", .iso2 = "BR", .m49 = "076", .name = "Brazil"};
  countries["FJI"] = Country{.iso3 = "FJI", .iso2 = "FJ", .m49 = "242", .name = "Fiji"};
  for (std::string_view code : {"BRA", "bra", "Br", "br", "076"}) {
    const Country* found = FindCountry(countries, code);
    ASSERT_NE(found, nullptr) << code;
    EXPECT_EQ(found->name, "Brazil") << code;
  }
  ASSERT_NE(FindCountry(countries, "242"), nullptr);
  EXPECT_EQ(FindCountry(countries, "242")->iso3, "FJI");
  for (std::string_view code : {"", "XX", "XXX", "76", "BRAZ", "BRA ", "999"}) {
    EXPECT_EQ(FindCountry(countries, code), nullptr) << code;
  }
}

}  // namespace
}  // namespace plenary::process
