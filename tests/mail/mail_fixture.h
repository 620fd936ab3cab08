#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "mail/outbox.h"
#include "storage/migrator.h"
#include "support/temp_database.h"

namespace plenary::mail {

// A clock the test moves by hand. Reads are safe from another thread while the test does not
// move it.
class SteppingClock : public Clock {
 public:
  Timestamp Now() const override { return now; }
  Timestamp now = *ParseIso8601("2026-03-01T09:00:00Z");
};

inline int64_t Millis(Timestamp t) {
  return t.time_since_epoch().count();
}

// A migrated, empty database on the backend named by the test parameter.
class MailDatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto db = OpenTempDatabase(GetParam());
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    auto migrated = storage::Migrate(*db_, storage::BuiltinMigrations());
    ASSERT_TRUE(migrated) << migrated.error().ToString();
  }

  // Enqueues `message` in a transaction of its own; the id, or 0 on failure (test fails).
  int64_t Enqueue(const Message& message, Delivery delivery = Delivery::kRelay) {
    int64_t id = 0;
    Status status = db_->Transaction([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(id, mail::Enqueue(c, message, clock_.Now(), delivery));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return id;
  }

  StoredMessage Get(int64_t id) {
    auto found = Find(*db_, id);
    EXPECT_TRUE(found && found->has_value()) << "message " << id;
    return found && found->has_value() ? **found : StoredMessage{};
  }

  std::unique_ptr<storage::Database> db_;
  SteppingClock clock_;
};

}  // namespace plenary::mail
