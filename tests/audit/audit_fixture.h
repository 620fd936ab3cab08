#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "audit/trail.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "support/temp_database.h"

namespace plenary::audit {

// A migrated, empty database on the backend named by the test parameter.
class AuditDatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto db = OpenTempDatabase(GetParam());
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    auto applied = storage::Migrate(*db_, storage::BuiltinMigrations());
    ASSERT_TRUE(applied) << applied.error().ToString();
  }

  // Appends one change in its own transaction.
  Status AppendOne(const Change& change, const Actor& actor = {7, "Ana"}) {
    return db_->Transaction([&](storage::Connection& c) {
      return Append(c, actor, change, *ParseIso8601("2026-01-02T03:04:05Z"));
    });
  }

  // Runs one statement outside the application, as someone tampering with the database would.
  void Tamper(std::string_view sql, std::vector<storage::Value> params = {}) {
    Status s = db_->Transaction([&](storage::Connection& c) -> Status {
      auto changed = c.Execute(sql, params);
      if (!changed) {
        return changed.error();
      }
      return *changed == 1 ? Status::Ok() : Internal("expected to change one row");
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  std::unique_ptr<storage::Database> db_;
};

inline Change ProcessChange(int64_t id, std::string action, nlohmann::json before,
                            nlohmann::json after) {
  return Change{"process",         std::to_string(id), id,
                std::move(action), std::move(before),  std::move(after)};
}

}  // namespace plenary::audit
