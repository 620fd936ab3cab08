// "Submitted in my name without my consent": recorded once per contact, bounded, never deleting.
#include "campaigns/commands.h"

#include <gtest/gtest.h>

#include "campaigns/queries.h"
#include "consultation/queries.h"
#include "fixture.h"

namespace plenary::campaigns {
namespace {

class FlagTest : public CampaignDatabaseTest {
 protected:
  void SetUp() override {
    CampaignDatabaseTest::SetUp();
    Import({Template()});
    ctx_.emplace(Context{*db_, clock_, *consultation_, 10, &allowance_, 3});
  }
  static FlagRequest Request(const std::string& contact, const std::string& address = "10.0.0.1") {
    auto fields = FlagFromFields([&](std::string_view name) -> std::string {
      if (name == "contact") {
        return contact;
      }
      return name == "statement" ? "I never sent this." : "";
    });
    EXPECT_TRUE(fields) << fields.error().ToString();
    FlagRequest r = fields.value_or(FlagRequest{});
    r.address = address;
    return r;
  }
  int64_t FirstId() {
    consultation::store::ListFilter f;
    f.call_id = call_id_;
    return consultation::ListContributions(*consultation_, f)->items.at(0).id;
  }

  FlagAllowance allowance_{5};
  std::optional<Context> ctx_;
};

TEST_P(FlagTest, RecordsOncePerContactAndCounts) {
  const int64_t id = FirstId();
  auto first = FlagConsent(*ctx_, id, Request("Ana@Example.org "));
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_FALSE(first->already);
  EXPECT_EQ(first->flags, 1);
  EXPECT_EQ(first->flag.contact, "ana@example.org");
  auto again = FlagConsent(*ctx_, id, Request("ana@example.org"));
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->already);
  EXPECT_EQ(again->flags, 1);
  auto other = FlagConsent(*ctx_, id, Request("bo@example.org"));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->flags, 2);
  auto standing = ReadStanding(*ctx_, id);
  ASSERT_TRUE(standing);
  EXPECT_EQ(standing->consent_flags, 2);
  auto flags = ReadFlags(*ctx_, call_id_);
  ASSERT_TRUE(flags);
  ASSERT_EQ(flags->size(), 2u);
  EXPECT_EQ((*flags)[1].contact, "bo@example.org");
  EXPECT_EQ((*flags)[1].statement, "I never sent this.");
}

TEST_P(FlagTest, RefusesBadFieldsNamingThem) {
  auto no_contact =
      FlagFromFields([](std::string_view n) -> std::string { return n == "statement" ? "x" : ""; });
  ASSERT_FALSE(no_contact);
  EXPECT_NE(no_contact.error().message().find("'contact'"), std::string::npos);
  auto no_statement = FlagFromFields(
      [](std::string_view n) -> std::string { return n == "contact" ? "a@b.org" : ""; });
  ASSERT_FALSE(no_statement);
  EXPECT_NE(no_statement.error().message().find("'statement'"), std::string::npos);
  auto missing = FlagConsent(*ctx_, 999999, Request("a@b.org"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), StatusCode::kNotFound);
}

TEST_P(FlagTest, BoundsWhatOneAddressOrOneContactMaySend) {
  const int64_t id = FirstId();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(FlagConsent(*ctx_, id, Request("c" + std::to_string(i) + "@x.org", "10.0.0.9")));
  }
  // The same contact on a fourth contribution within a day: over its allowance of 3.
  Import({Template() + " One.", Template() + " Two.", Template() + " Three."}, "10");
  consultation::store::ListFilter f;
  f.call_id = call_id_;
  auto items = consultation::ListContributions(*consultation_, f)->items;
  ASSERT_EQ(items.size(), 4u);
  for (int i = 1; i < 4; ++i) {
    auto r = FlagConsent(*ctx_, items[i].id, Request("same@x.org", "10.0.0." + std::to_string(i)));
    ASSERT_TRUE(r) << r.error().ToString();
  }
  auto over = FlagConsent(*ctx_, items[0].id, Request("same@x.org", "10.0.0.20"));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(over.error().message().find("'contact'"), std::string::npos);
  // And one address: 5 per hour (3 used above, 2 more allowed).
  ASSERT_TRUE(FlagConsent(*ctx_, items[0].id, Request("d1@x.org", "10.0.0.9")));
  ASSERT_TRUE(FlagConsent(*ctx_, items[1].id, Request("d2@x.org", "10.0.0.9")));
  auto busy = FlagConsent(*ctx_, items[2].id, Request("d3@x.org", "10.0.0.9"));
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code(), StatusCode::kResourceExhausted);
}

INSTANTIATE_TEST_SUITE_P(Backends, FlagTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::campaigns
