#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "process/module.h"
#include "storage/migrator.h"
#include "support/temp_database.h"
#include "wgec_call.h"

// The consultation tests' fixture, on every backend: a migrated database with the reference
// data and the country map, and the WGEC call (InsertWgecCall) with `questions`.
namespace plenary::consultation {

// A moment while the WGEC call is open.
class DuringTheCall : public Clock {
 public:
  Timestamp Now() const override { return *ParseIso8601("2016-10-15T12:00:00Z"); }
};

class WgecCallTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUpCall(std::vector<Question> questions = {{1, "Q1"}, {2, "Q2"}}) {
    auto opened = OpenTempDatabase(GetParam());
    ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
    db_ = std::move(*opened);
    ASSERT_TRUE(storage::Migrate(*db_, storage::BuiltinMigrations()).has_value());
    ASSERT_TRUE(process::LoadReferenceData(*db_).ok());
    auto countries = process::LoadCountryMap(*db_);
    ASSERT_TRUE(countries.has_value()) << countries.error().ToString();
    countries_ = *countries;
    Status s = db_->Transaction([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(WgecCall wgec, InsertWgecCall(c, std::move(questions)));
      process_id_ = wgec.process_id;
      call_id_ = wgec.call_id;
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  std::unique_ptr<storage::Database> db_;
  std::shared_ptr<const process::CountryMap> countries_;
  int64_t process_id_ = 0;
  int64_t call_id_ = 0;
};

}  // namespace plenary::consultation
