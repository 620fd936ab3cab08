#pragma once

#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "accreditation/commands.h"
#include "auth/accounts.h"
#include "process/commands.h"
#include "process/module.h"
#include "storage/migrator.h"
#include "support/temp_database.h"

namespace plenary::accreditation {

inline constexpr std::string_view kPdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

class FixedClock : public Clock {
 public:
  Timestamp Now() const override { return now; }
  Timestamp now = *ParseIso8601("2026-04-01T09:30:00Z");
};

// A migrated database on the backend named by the test parameter, holding two processes (each
// with a seat of the membership; the first also with a chair's seat), a requester and a
// secretariat account.
class AccreditationTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto db = OpenTempDatabase(GetParam());
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::BuiltinMigrations()).has_value());
    ASSERT_TRUE(process::LoadReferenceData(*db_).ok());
    process::Context pctx{*db_, clock_};
    const audit::Actor system{0, "test"};
    auto p =
        process::CreateProcess(pctx, system, {{"short_name", "WGT"}, {"title", "WG on Tests"}});
    ASSERT_TRUE(p) << p.error().ToString();
    process_ = p->id;
    auto other = process::CreateProcess(pctx, system, {{"short_name", "WGO"}, {"title", "Other"}});
    ASSERT_TRUE(other) << other.error().ToString();
    other_process_ = other->id;
    auto seat = process::AddMember(
        pctx, system, process_,
        {{"seat_label", "Seat A"}, {"stakeholder_group", "government"}, {"country", "BRA"}});
    ASSERT_TRUE(seat) << seat.error().ToString();
    seat_ = seat->id;
    auto chair = process::AddMember(
        pctx, system, process_,
        {{"stakeholder_group", "government"}, {"role", "chair"}, {"person", "Chair"}});
    ASSERT_TRUE(chair) << chair.error().ToString();
    chair_seat_ = chair->id;
    auto other_seat =
        process::AddMember(pctx, system, other_process_,
                           {{"seat_label", "Seat O"}, {"stakeholder_group", "government"}});
    ASSERT_TRUE(other_seat) << other_seat.error().ToString();
    other_seat_ = other_seat->id;
    config_.cost = auth::PasswordCost::MinimumForTest();
    requester_ = AddUser("ana@example.org", "Ana Requester");
    secretariat_ = AddUser("sec@example.org", "Sam Secretariat");
    mailer_.notify = [this] { ++notified_; };
    ctx_.emplace(Context{*db_, clock_, mailer_});
  }

  int64_t AddUser(const std::string& email, const std::string& name) {
    auto id = auth::CreateUser(*db_, clock_, config_, {email, name, "a long passphrase", true});
    EXPECT_TRUE(id) << id.error().ToString();
    return id.value_or(0);
  }

  audit::Actor Requester() const { return {requester_, "Ana Requester"}; }
  audit::Actor Secretariat() const { return {secretariat_, "Sam Secretariat"}; }

  NewRequest MemberRequest() const {
    return {"member", seat_, "head", "Brazil", "Please", std::string(kPdf), "nomination.pdf"};
  }
  NewRequest ObserverRequest() const {
    return {"observer", std::nullopt, "", "ICANN", "", std::string(kPdf), "note-verbale.pdf"};
  }

  // One integer from the database, read as a test reads it.
  int64_t Count(std::string_view sql, std::vector<storage::Value> params = {}) {
    int64_t out = -1;
    Status s = db_->Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(storage::Row row, c.QueryOne(sql, params, sql));
      out = row.Int(0);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  std::unique_ptr<storage::Database> db_;
  FixedClock clock_;
  auth::AccountsConfig config_;
  mail::Mailer mailer_;
  int notified_ = 0;
  std::optional<Context> ctx_;
  int64_t process_ = 0;
  int64_t other_process_ = 0;
  int64_t seat_ = 0;
  int64_t chair_seat_ = 0;
  int64_t other_seat_ = 0;
  int64_t requester_ = 0;
  int64_t secretariat_ = 0;
};

}  // namespace plenary::accreditation
