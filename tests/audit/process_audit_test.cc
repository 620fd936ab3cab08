// The process use cases leave one audit entry per change, in the same transaction.
#include <gtest/gtest.h>

#include "audit_fixture.h"
#include "process/commands.h"
#include "process/module.h"
#include "process/queries.h"
#include "support/error_injecting_database.h"

namespace plenary::audit {
namespace {

using nlohmann::json;

class FixedClock : public Clock {
 public:
  Timestamp Now() const override { return *ParseIso8601("2026-03-04T05:06:07Z"); }
};

class ProcessAuditTest : public AuditDatabaseTest {
 protected:
  void SetUp() override {
    AuditDatabaseTest::SetUp();
    ASSERT_TRUE(process::LoadReferenceData(*db_).ok());
    ctx_.emplace(process::Context{*db_, clock_});
  }

  int64_t CountEntries() {
    auto report = Verify(*db_);
    EXPECT_TRUE(report && report->intact());
    return report ? report->entries : -1;
  }

  FixedClock clock_;
  std::optional<process::Context> ctx_;
  const Actor secretariat_{3, "Secretariat"};
};

TEST_P(ProcessAuditTest, EachUseCaseLeavesOneEntry) {
  auto p = process::CreateProcess(*ctx_, secretariat_, {{"title", "T"}, {"short_name", "S"}});
  ASSERT_TRUE(p) << p.error().ToString();
  EXPECT_EQ(CountEntries(), 1);
  auto updated = process::UpdateProcess(*ctx_, secretariat_, p->id, {{"title", "T2"}});
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(CountEntries(), 2);
  auto member = process::AddMember(
      *ctx_, secretariat_, p->id,
      {{"seat_label", "Brazil"}, {"stakeholder_group", "government"}, {"country", "BRA"}});
  ASSERT_TRUE(member) << member.error().ToString();
  EXPECT_EQ(CountEntries(), 3);

  auto history = History(*db_, "process", std::to_string(p->id));
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  const Entry& created = (*history)[0];
  EXPECT_EQ(created.action, "create");
  EXPECT_EQ(created.at, "2026-03-04T05:06:07Z");
  EXPECT_EQ(created.actor.label, "Secretariat");
  EXPECT_EQ(created.actor.user_id, 3);
  EXPECT_EQ(created.process_id, p->id);
  EXPECT_EQ(created.before_json, "null");
  EXPECT_EQ(json::parse(created.after_json)["short_name"], "S");
  const Entry& update = (*history)[1];
  EXPECT_EQ(update.action, "update");
  EXPECT_EQ(json::parse(update.before_json)["title"], "T");
  EXPECT_EQ(json::parse(update.after_json)["title"], "T2");

  auto added = History(*db_, "member", std::to_string(member->id));
  ASSERT_TRUE(added);
  ASSERT_EQ(added->size(), 1u);
  EXPECT_EQ((*added)[0].action, "add");
  EXPECT_EQ((*added)[0].process_id, p->id);
  EXPECT_EQ(json::parse((*added)[0].after_json)["country"], "BRA");
  EXPECT_EQ(ListForProcess(*db_, p->id, {})->size(), 3u);
}

TEST_P(ProcessAuditTest, FailedChangesLeaveNoEntry) {
  auto p = process::CreateProcess(*ctx_, secretariat_, {{"title", "T"}, {"short_name", "S"}});
  ASSERT_TRUE(p);
  ASSERT_TRUE(process::CreateProcess(*ctx_, secretariat_, {{"title", "U"}, {"short_name", "U"}}));
  EXPECT_EQ(CountEntries(), 2);
  // Refused inside the transaction, after the process was read: unknown country.
  auto member = process::AddMember(
      *ctx_, secretariat_, p->id,
      {{"seat_label", "X"}, {"stakeholder_group", "government"}, {"country", "XXX"}});
  ASSERT_FALSE(member);
  EXPECT_EQ(member.error().code(), StatusCode::kInvalidArgument);
  // Refused by the database: the short name is taken.
  auto clash = process::UpdateProcess(*ctx_, secretariat_, p->id, {{"short_name", "U"}});
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code(), StatusCode::kConflict);
  auto duplicate =
      process::CreateProcess(*ctx_, secretariat_, {{"title", "V"}, {"short_name", "S"}});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(CountEntries(), 2);
  EXPECT_EQ(History(*db_, "process", std::to_string(p->id))->size(), 1u);
}

// Fails each statement of AddMember in turn, the audit INSERT included: a failed AddMember
// leaves neither the member nor its entry, and the one that succeeds leaves both.
TEST_P(ProcessAuditTest, AddMemberAndItsEntryCommitTogether) {
  auto p = process::CreateProcess(*ctx_, secretariat_, {{"title", "T"}, {"short_name", "S"}});
  ASSERT_TRUE(p);
  ErrorInjectingDatabase faulty(*db_);
  process::Context faulty_ctx{faulty, clock_};
  const json body = {
      {"seat_label", "Chile"}, {"stakeholder_group", "government"}, {"country", "CL"}};
  bool succeeded = false;
  for (int n = 1; n < 50 && !succeeded; ++n) {
    faulty.FailAt(n);
    auto member = process::AddMember(faulty_ctx, secretariat_, p->id, body);
    succeeded = member.has_value();
    auto roster = process::ReadRoster(*ctx_, p->id);
    ASSERT_TRUE(roster);
    EXPECT_EQ(roster->members.size(), succeeded ? 1u : 0u) << "failing statement " << n;
    EXPECT_EQ(CountEntries(), succeeded ? 2 : 1) << "failing statement " << n;
  }
  EXPECT_TRUE(succeeded);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProcessAuditTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::audit
