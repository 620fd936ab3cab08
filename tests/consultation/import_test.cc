// Bulk import (consultation/import.h) over several batches: every record lands once, in file
// order, with its answers and search terms; refusals are reported by line; idempotency keys
// hold across batches and imports; receipts taken are drawn again; the search index's bulk
// settings are set back.
#include "consultation/import.h"

#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "consultation/store.h"
#include "process/commands.h"
#include "process/module.h"
#include "storage/migrator.h"
#include "support/temp_database.h"
#include "wgec_call_test.h"

namespace plenary::consultation {
namespace {

class ImportTest : public WgecCallTest {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(SetUpCall({{1, "First?"}, {2, "Second?"}})); }

  Result<ImportReport> Import(const std::string& text) {
    Context ctx{*db_, clock_, countries_};
    return ImportContributions(ctx, audit::Actor{0, "test import"}, call_id_, text,
                               ImportFormat::kJsonLines);
  }

  std::vector<std::vector<std::string>> Rows(const std::string& sql) {
    std::vector<std::vector<std::string>> out;
    Status s = db_->Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto rows, c.Query(sql));
      for (const auto& row : rows.rows) {
        std::vector<std::string> cells;
        for (size_t i = 0; i < rows.columns.size(); ++i) {
          cells.push_back(row.Text(i));
        }
        out.push_back(cells);
      }
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  SystemClock clock_;
};

// 3,500 lines: batches of 1,000, 2,000 and 500. Refused lines, a key given twice, answers,
// declared and detected languages.
std::string Lines(std::vector<std::string>* accepted_bodies,
                  std::vector<std::string>* declared_languages) {
  static constexpr const char* kLanguages[] = {"en", "fr", "ru", "es", ""};
  std::string text;
  for (int i = 1; i <= 3500; ++i) {
    if (i == 1500) {
      text += "{not json\n";
      continue;
    }
    if (i == 2001) {
      text += "{\"body\": \"\xC3\x28\"}\n";
      continue;
    }
    if (i == 2500) {
      text += R"({"author_name": "X", "body": "Somewhere.", "country": "XX"})"
              "\n";
      continue;
    }
    const std::string body = fmt::format("Contribution number w{} about enhanced cooperation.", i);
    const char* language = kLanguages[i % 5];
    std::string key = fmt::format("key-{}", i == 3000 ? 10 : i);  // line 3000 repeats line 10's
    std::string line = fmt::format(
        R"({{"author_name": "A{}", "body": "{}", "idempotency_key": "{}")", i, body, key);
    if (*language != '\0') {
      line += fmt::format(R"(, "language": "{}")", language);
    }
    if (i % 7 == 0) {
      line += fmt::format(R"(, "answers": {{"1": "Answer w{}a"}})", i);
    }
    text += line + "}\n";
    if (i != 3000) {
      accepted_bodies->push_back(body);
      declared_languages->push_back(language);
    }
  }
  return text;
}

TEST_P(ImportTest, WritesEveryBatchInFileOrder) {
  std::vector<std::string> bodies;
  std::vector<std::string> languages;
  const std::string text = Lines(&bodies, &languages);
  auto report = Import(text);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->read, 3500);
  EXPECT_EQ(report->imported, 3496);
  EXPECT_EQ(report->replayed, 1);
  ASSERT_EQ(report->refused.size(), 3u);
  EXPECT_EQ(report->refused[0].first, 1500);
  EXPECT_EQ(report->refused[0].second, "the line is not a JSON object");
  EXPECT_EQ(report->refused[1].first, 2001);
  EXPECT_EQ(report->refused[1].second, "the line is not valid UTF-8");
  EXPECT_EQ(report->refused[2].first, 2500);
  EXPECT_EQ(report->refused[2].second, "unknown country code 'XX'");

  auto rows = Rows(
      "SELECT id, body, receipt, language, language_detected FROM contributions "
      "ORDER BY id");
  ASSERT_EQ(rows.size(), bodies.size());
  std::set<std::string> receipts;
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], std::to_string(report->first_id + static_cast<int64_t>(i)));
    ASSERT_EQ(rows[i][1], bodies[i]) << "row " << i;
    receipts.insert(rows[i][2]);
    if (languages[i].empty()) {
      EXPECT_EQ(rows[i][4], "1") << rows[i][1];  // detected
    } else {
      EXPECT_EQ(rows[i][3], languages[i]) << rows[i][1];
      EXPECT_EQ(rows[i][4], "0") << rows[i][1];
    }
  }
  EXPECT_EQ(receipts.size(), rows.size());
  EXPECT_EQ(report->last_id, report->first_id + static_cast<int64_t>(rows.size()) - 1);
  EXPECT_EQ(Rows("SELECT COUNT(*) FROM contribution_answers")[0][0], std::to_string(3500 / 7));
  // Four batches (1,000, 1,000, 1,000 and 500: with the text's end near, they do not grow), an
  // audit entry each.
  EXPECT_EQ(Rows("SELECT COUNT(*) FROM audit_log WHERE action = 'import'")[0][0], "4");

  // Imported again: every key is taken, nothing lands.
  auto again = Import(text);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->imported, 0);
  EXPECT_EQ(again->replayed, 3497);

  if (GetParam() == "sqlite") {
    // Each contribution is found by its own word; the index's settings are the usual ones
    // (migrations 0014 and 0016), which an import does not change.
    for (int i : {1, 999, 1001, 2999, 3001, 3500}) {
      auto found = Rows(fmt::format(
          "SELECT rowid FROM contribution_index WHERE contribution_index MATCH 'terms : w{}'", i));
      ASSERT_EQ(found.size(), 1u) << i;
    }
    EXPECT_EQ(Rows("SELECT COUNT(*) FROM contribution_index WHERE contribution_index MATCH "
                   "'terms : w7a AND facets : question1'")[0][0],
              "1");
    auto settings =
        Rows("SELECT k, v FROM contribution_index_config WHERE k <> 'version' ORDER BY k");
    ASSERT_EQ(settings.size(), 3u);
    EXPECT_EQ(settings[0], (std::vector<std::string>{"automerge", "16"}));
    EXPECT_EQ(settings[1], (std::vector<std::string>{"crisismerge", "64"}));
    EXPECT_EQ(settings[2], (std::vector<std::string>{"hashsize", "33554432"}));
  }
}

// Batches double up to 16,000 and taper as the text ends, so that the last one, written with
// nothing to analyse beside it, is small.
TEST(NextBatchSizeTest, GrowsThenTapersToTheEnd) {
  // 100,000 records of 100 bytes.
  constexpr size_t kSize = 100000 * 100;
  EXPECT_EQ(NextBatchSize(1000, 1000, 1000 * 100, kSize), 2000u);
  EXPECT_EQ(NextBatchSize(8000, 15000, 15000 * 100, kSize), 16000u);
  EXPECT_EQ(NextBatchSize(16000, 31000, 31000 * 100, kSize), 16000u);  // at most 16,000
  EXPECT_EQ(NextBatchSize(16000, 70000, 70000 * 100, kSize), 10000u);  // a third of 30,000
  EXPECT_EQ(NextBatchSize(10000, 94000, 94000 * 100, kSize), 2000u);
  EXPECT_EQ(NextBatchSize(2000, 99500, 99500 * 100, kSize), 1000u);  // never fewer than 1,000
  // Nothing read yet, or the position unknown: it grows.
  EXPECT_EQ(NextBatchSize(1000, 0, 0, kSize), 2000u);
  EXPECT_EQ(NextBatchSize(4000, 10, kSize, kSize), 8000u);
}

// store::InsertContributions, the SQLite path with its ids given and PostgreSQL's multi-row one:
// receipts are made from the ids; a receipt already taken is drawn again; rows keep their order.
TEST_P(ImportTest, ReceiptsFromTheIdsAndTakenOnesDrawnAgain) {
  Status s = db_->Transaction([&](storage::Connection& c) -> Status {
    Contribution base;
    base.call_id = call_id_;
    base.process_id = 1;
    base.author_name = "A";
    base.body = "One.";
    base.language = "en";
    base.submitted_at = "2016-10-01T00:00:00Z";
    base.answers = {{1, "An answer."}};
    std::vector<Contribution> contributions(3, base);
    std::vector<store::NewRow> rows;
    for (Contribution& contribution : contributions) {
      rows.push_back({&contribution, ""});
    }
    // The third row's first receipt is the second's: taken, so drawn again.
    int draws = 0;
    auto draw = [&draws](int64_t id) {
      return ++draws == 3 ? std::string("R-AAAAA-AAAAA")
                          : fmt::format("R-{}-{}", id, draws == 2 ? "AAAAA" : "CCCCC");
    };
    ASSIGN_OR_RETURN(auto first, store::InsertContributions(c, std::span(rows).first(2), draw));
    storage::Value taken[] = {std::string("R-AAAAA-AAAAA"), first[1]};
    RETURN_IF_ERROR(
        detail::ToStatus(c.Execute("UPDATE contributions SET receipt = ? WHERE id = ?", taken)));
    ASSIGN_OR_RETURN(auto second, store::InsertContributions(c, std::span(rows).last(1), draw));
    EXPECT_EQ(first[1], first[0] + 1);
    EXPECT_GT(second[0], first[1]);
    EXPECT_EQ(contributions[0].receipt, fmt::format("R-{}-CCCCC", first[0]));
    EXPECT_EQ(contributions[2].receipt, fmt::format("R-{}-CCCCC", second[0]));
    ASSIGN_OR_RETURN(auto stored, store::FindContribution(c, second[0]));
    EXPECT_TRUE(stored && stored->receipt == contributions[2].receipt &&
                stored->answers.size() == 1);
    EXPECT_EQ(draws, 4);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::consultation
