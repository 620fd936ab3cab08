#pragma once

// A database on each backend with one process and one open call, and a way to import
// contributions into it (the bulk path, as `plenary import contributions` does).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "consultation/commands.h"
#include "consultation/import.h"
#include "process/commands.h"
#include "process/module.h"
#include "storage/migrator.h"
#include "support/temp_database.h"

namespace plenary::campaigns {

class FixedClock : public Clock {
 public:
  Timestamp Now() const override { return *ParseIso8601("2026-01-02T03:04:05Z"); }
};

// A campaign template of about 120 words: additions of a sentence keep it near-identical.
inline std::string Template() {
  return "We the undersigned residents urge the agency to reject the proposed rule on river "
         "water quality. The rule would weaken the protections that keep our drinking water "
         "safe, allow more industrial discharge into the watershed, and shorten the public "
         "notice given before permits are granted. Communities downstream have already seen "
         "algae blooms and fish kills in recent summers, and the cost of treating water falls "
         "on households and small towns. We ask the agency to keep the current limits, to "
         "publish monitoring data every month, and to hold hearings in the affected counties "
         "before any change is made. Clean water is not a luxury; it is the basis of public "
         "health, of farming and of the local economy. Please withdraw the proposal and work "
         "with the communities that depend on the river.";
}

// Texts on the same subject that share phrases with the template but are not copies of it.
inline std::vector<std::string> UniqueTexts() {
  return {
      "I fish the river every weekend and the water has been cloudier each year. The agency "
      "should measure what the paper mill releases upstream before it relaxes any limit.",
      "As a farmer I rely on irrigation from the watershed. Monthly monitoring data would "
      "help us plan, but the proposed rule says nothing about who pays for the tests.",
      "The county water board supports the rule because the current permit process delays "
      "repairs to our treatment plant by many months without improving water quality.",
      "Please hold a hearing in the northern counties. Many residents there have no internet "
      "access and cannot follow a consultation that happens only online.",
      "Algae blooms are caused mostly by fertiliser runoff, not by industrial discharge. The "
      "rule should address agriculture directly, with support for buffer strips.",
  };
}

class CampaignDatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto temp = TempDatabaseUrl::Create(GetParam());
    ASSERT_TRUE(temp) << temp.error().ToString();
    temp_.emplace(std::move(*temp));
    Open();
    ASSERT_TRUE(process::LoadReferenceData(*db_).ok());
    auto countries = process::LoadCountryMap(*db_);
    ASSERT_TRUE(countries);
    countries_ = *countries;
    consultation_.emplace(consultation::Context{*db_, clock_, countries_});
    process::Context pctx{*db_, clock_, countries_};
    auto p =
        process::CreateProcess(pctx, {0, "test"}, {{"title", "River rule"}, {"short_name", "RR"}});
    ASSERT_TRUE(p) << p.error().ToString();
    auto call = consultation::CreateCall(*consultation_, {0, "test"}, p->id,
                                         {{"title", "Proposed rule"},
                                          {"opens_at", "2020-01-01T00:00:00Z"},
                                          {"closes_at", "2100-01-01T00:00:00Z"}});
    ASSERT_TRUE(call) << call.error().ToString();
    call_id_ = call->id;
  }

  void Open() {
    auto db = storage::OpenDatabase(temp_->url());
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    auto migrated = storage::Migrate(*db_, storage::BuiltinMigrations());
    ASSERT_TRUE(migrated.has_value()) << migrated.error().ToString();
  }

  // Imports one contribution per text, arriving a minute apart from `start`.
  void Import(const std::vector<std::string>& texts, const std::string& start_minute = "00") {
    std::string lines;
    int minute = std::stoi(start_minute);
    for (size_t i = 0; i < texts.size(); ++i, ++minute) {
      lines += nlohmann::json{{"author_name", "Person " + std::to_string(next_person_++)},
                              {"body", texts[i]},
                              {"submitted_at", "2026-01-01T" + std::to_string(10 + minute / 60) +
                                                   ":" + (minute % 60 < 10 ? "0" : "") +
                                                   std::to_string(minute % 60) + ":00Z"}}
                   .dump() +
               "\n";
    }
    auto report = consultation::ImportContributions(*consultation_, {0, "test"}, call_id_, lines,
                                                    consultation::ImportFormat::kJsonLines);
    ASSERT_TRUE(report) << report.error().ToString();
    ASSERT_EQ(report->imported, static_cast<int64_t>(texts.size()));
  }

  // Closes the database, as a process that stops; Reopen() starts again (and migrates).
  void Close() {
    consultation_.reset();
    db_.reset();
  }
  void Reopen() {
    Open();
    consultation_.emplace(consultation::Context{*db_, clock_, countries_});
  }

  std::optional<TempDatabaseUrl> temp_;  // outlives db_
  std::unique_ptr<storage::Database> db_;
  std::shared_ptr<const process::CountryMap> countries_;
  FixedClock clock_;
  std::optional<consultation::Context> consultation_;
  int64_t call_id_ = 0;
  int next_person_ = 1;
};

}  // namespace plenary::campaigns
