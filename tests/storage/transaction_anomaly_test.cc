// Anomaly loop (after SQLite's fault tests): fail statement N = 1, 2, ... of a multi-statement
// transaction and check each time that nothing of it remains; stop once it succeeds.
#include <gtest/gtest.h>

#include "storage/database.h"
#include "storage/sql_text.h"
#include "support/error_injecting_database.h"
#include "support/temp_database.h"

namespace plenary::storage {
namespace {

class TransactionAnomalyTest : public ::testing::TestWithParam<std::string> {};

// The operation under test: a proposal with three amendments and a counter, in one transaction.
Status AddProposal(Database& db) {
  return db.Transaction([](Connection& c) -> Status {
    Value title = std::string("Enhanced cooperation");
    ASSIGN_OR_RETURN(Row row, c.QueryOne("INSERT INTO proposal (title) VALUES (?) RETURNING id",
                                         {&title, 1}, "proposal"));
    for (int i = 1; i <= 3; ++i) {
      Value values[] = {row.Int(0), std::string("amendment ") + std::to_string(i)};
      ASSIGN_OR_RETURN(
          int64_t n, c.Execute("INSERT INTO amendment (proposal_id, text) VALUES (?, ?)", values));
      (void)n;
    }
    ASSIGN_OR_RETURN(int64_t n, c.Execute("UPDATE stats SET proposals = proposals + 1"));
    (void)n;
    return Status::Ok();
  });
}

TEST_P(TransactionAnomalyTest, FailedStatementLeavesNoPartialWrite) {
  auto db = OpenTempDatabase(GetParam());
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  std::string schema =
      "CREATE TABLE proposal (id INTEGER PRIMARY KEY, title TEXT NOT NULL);"
      "CREATE TABLE amendment (id INTEGER PRIMARY KEY, proposal_id INTEGER NOT NULL "
      "REFERENCES proposal (id), text TEXT NOT NULL);"
      "CREATE TABLE stats (proposals INTEGER NOT NULL); INSERT INTO stats VALUES (0);";
  if ((*db)->backend() == Backend::kPostgres) {
    schema = RewriteSchemaForPostgres(schema);
  }
  ASSERT_TRUE((*db)->Transaction([&](Connection& c) { return c.ExecuteScript(schema); }).ok());

  auto snapshot = [&] {
    std::vector<int64_t> counts;
    Status status = (*db)->Read([&](Connection& c) -> Status {
      for (const char* sql : {"SELECT COUNT(*) FROM proposal", "SELECT COUNT(*) FROM amendment",
                              "SELECT proposals FROM stats"}) {
        ASSIGN_OR_RETURN(Row row, c.QueryOne(sql, {}, sql));
        counts.push_back(row.Int(0));
      }
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return counts;
  };

  ErrorInjectingDatabase faulty(**db);
  int n = 1;
  for (;; ++n) {
    ASSERT_LT(n, 100) << "the operation never succeeded";
    faulty.FailAt(n);
    Status status = AddProposal(faulty);
    if (!faulty.injected()) {
      ASSERT_TRUE(status.ok()) << status.ToString();
      break;
    }
    EXPECT_EQ(status.code(), StatusCode::kUnavailable) << "N=" << n << ": " << status.ToString();
    EXPECT_EQ(snapshot(), (std::vector<int64_t>{0, 0, 0})) << "partial write at N=" << n;
  }
  EXPECT_EQ(n, 6);  // five statements, each failed once, then success
  EXPECT_EQ(snapshot(), (std::vector<int64_t>{1, 3, 1}));
}

INSTANTIATE_TEST_SUITE_P(Backends, TransactionAnomalyTest, ::testing::ValuesIn(TestBackends()));

}  // namespace
}  // namespace plenary::storage
