// Accounts, roles and sessions on every backend.
#include "auth/accounts.h"

#include <gtest/gtest.h>

#include "process/commands.h"
#include "process/module.h"
#include "storage/migrator.h"
#include "support/temp_database.h"

namespace plenary::auth {
namespace {

class SteppingClock : public Clock {
 public:
  Timestamp Now() const override { return now; }
  Timestamp now = *ParseIso8601("2026-03-01T09:00:00Z");
};

class AccountsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto db = OpenTempDatabase(GetParam());
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::BuiltinMigrations()).has_value());
    ASSERT_TRUE(process::LoadReferenceData(*db_).ok());
    config_.cost = PasswordCost::MinimumForTest();
    auto user = CreateUser(*db_, clock_, config_,
                           {" Chair@Example.org ", "Ana Chair", "a long passphrase", true});
    ASSERT_TRUE(user) << user.error().ToString();
    user_ = *user;
  }
  Result<Session> SignInAs(std::string_view password, std::string_view address = "10.0.0.1") {
    return SignIn(*db_, clock_, config_, "chair@example.org", password, address);
  }

  std::unique_ptr<storage::Database> db_;
  SteppingClock clock_;
  AccountsConfig config_;
  int64_t user_ = 0;
};

TEST_P(AccountsTest, CreateUserValidatesAndRefusesDuplicates) {
  auto again = CreateUser(*db_, clock_, config_, {"CHAIR@example.org", "X", "another passphrase"});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), StatusCode::kConflict);
  for (const char* bad : {"no-at-sign", "a@b", "two@@x.org", "sp ace@x.org", "@x.org"}) {
    auto u = CreateUser(*db_, clock_, config_, {bad, "X", "a long passphrase"});
    ASSERT_FALSE(u) << bad;
    EXPECT_NE(u.error().message().find("not an email"), std::string::npos) << bad;
  }
  EXPECT_EQ(CreateUser(*db_, clock_, config_, {"x@y.org", "X", "short"}).error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateUser(*db_, clock_, config_, {"x@y.org", " ", "a long passphrase"}).error().code(),
            StatusCode::kInvalidArgument);
}

TEST_P(AccountsTest, SignInOpensASessionWithRoles) {
  ASSERT_TRUE(
      process::CreateProcess(*std::make_unique<process::Context>(process::Context{*db_, clock_}),
                             audit::Actor{0, "test"}, {{"title", "T"}, {"short_name", "S"}})
          .has_value());
  ASSERT_TRUE(GrantRole(*db_, clock_, user_, 1, "chair").ok());
  ASSERT_TRUE(GrantRole(*db_, clock_, user_, 1, "chair").ok());  // idempotent
  auto session = SignInAs("a long passphrase");
  ASSERT_TRUE(session) << session.error().ToString();
  EXPECT_TRUE(session->principal.HasRole(1, "chair"));
  EXPECT_FALSE(session->principal.HasRole(1, "member"));
  EXPECT_FALSE(session->principal.HasRole(2, "chair"));
  auto found = FindSession(*db_, clock_, session->token);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->principal.name, "Ana Chair");
  EXPECT_EQ((*found)->csrf_token, session->csrf_token);
  EXPECT_TRUE((*found)->principal.HasRole(1, "chair"));
}

TEST_P(AccountsTest, GrantRoleRefusesUnknownRolesUsersAndProcesses) {
  EXPECT_EQ(GrantRole(*db_, clock_, user_, 1, "king").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(GrantRole(*db_, clock_, user_, 99, "member").code(), StatusCode::kNotFound);
  EXPECT_EQ(GrantRole(*db_, clock_, 999, 1, "member").code(), StatusCode::kNotFound);
}

TEST_P(AccountsTest, WrongPasswordAndUnknownEmailLookTheSame) {
  auto wrong = SignInAs("not the passphrase");
  auto unknown =
      SignIn(*db_, clock_, config_, "nobody@example.org", "a long passphrase", "10.0.0.1");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.error(), unknown.error());
  EXPECT_EQ(wrong.error().code(), StatusCode::kUnauthenticated);
}

TEST_P(AccountsTest, RepeatedFailuresThrottleTheAccountThenExpire) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(SignInAs("guess number " + std::to_string(i)).error().code(),
              StatusCode::kUnauthenticated);
  }
  // Even the right password is refused while throttled, from any address.
  auto blocked = SignInAs("a long passphrase", "192.0.2.7");
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code(), StatusCode::kResourceExhausted);
  clock_.now += std::chrono::minutes(16);
  EXPECT_TRUE(SignInAs("a long passphrase"));
}

TEST_P(AccountsTest, RepeatedFailuresThrottleTheAddressAcrossAccounts) {
  config_.throttle.max_failures_per_address = 3;
  for (int i = 0; i < 3; ++i) {
    auto r = SignIn(*db_, clock_, config_, "user" + std::to_string(i) + "@x.org", "whatever pass",
                    "198.51.100.9");
    EXPECT_EQ(r.error().code(), StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(SignInAs("a long passphrase", "198.51.100.9").error().code(),
            StatusCode::kResourceExhausted);
  EXPECT_TRUE(SignInAs("a long passphrase", "198.51.100.10"));
}

TEST_P(AccountsTest, EverySignInGetsAFreshTokenAndSessionsExpire) {
  auto first = SignInAs("a long passphrase");
  auto second = SignInAs("a long passphrase");
  ASSERT_TRUE(first && second);
  EXPECT_NE(first->token, second->token);
  EXPECT_NE(first->csrf_token, second->csrf_token);
  EXPECT_FALSE(FindSession(*db_, clock_, "planted-by-an-attacker").value());
  clock_.now += config_.session_lifetime + std::chrono::seconds(1);
  EXPECT_FALSE(FindSession(*db_, clock_, first->token).value());
}

TEST_P(AccountsTest, SignOutAndSignOutEverywhere) {
  auto a = SignInAs("a long passphrase");
  auto b = SignInAs("a long passphrase");
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(SignOut(*db_, a->token).ok());
  EXPECT_FALSE(FindSession(*db_, clock_, a->token).value());
  EXPECT_TRUE(FindSession(*db_, clock_, b->token).value());
  ASSERT_TRUE(SignOutEverywhere(*db_, user_).ok());
  EXPECT_FALSE(FindSession(*db_, clock_, b->token).value());
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::auth
