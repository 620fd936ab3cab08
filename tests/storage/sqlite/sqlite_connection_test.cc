// The pragmas SqliteConnection::Open sets: new files, main and derived, get 16 KiB pages; a file
// made with SQLite's 4 KiB pages keeps them and its data.
#include "storage/sqlite/sqlite_connection.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "sqlite_file_test.h"
#include "storage/sqlite/sqlite_database.h"

namespace plenary::storage {
namespace {

class SqliteConnectionTest : public SqliteFileTest {
 protected:
  // The page size of `schema` ("main" or "derived"), read through a reader.
  static int64_t PageSize(Database& db, const std::string& schema) {
    int64_t size = 0;
    Status s = db.Read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(Rows rows, c.Query("PRAGMA " + schema + ".page_size"));
      size = rows.rows[0].Int(0);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return size;
  }
};

TEST_F(SqliteConnectionTest, NewFilesHaveSixteenKibPages) {
  auto db = OpenSqliteDatabase(path_);
  ASSERT_TRUE(db) << db.error().ToString();
  ASSERT_TRUE((*db)
                  ->Transaction([](Connection& c) {
                    return c.ExecuteScript("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)");
                  })
                  .ok());
  ASSERT_TRUE((*db)
                  ->DerivedTransaction([](Connection& c) {
                    return c.ExecuteScript("CREATE TABLE d (x INTEGER); INSERT INTO d VALUES (2)");
                  })
                  .ok());
  EXPECT_EQ(PageSize(**db, "main"), 16384);
  EXPECT_EQ(PageSize(**db, "derived"), 16384);
}

TEST_F(SqliteConnectionTest, AFileWithFourKibPagesKeepsThemAndItsRows) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "PRAGMA page_size=4096; PRAGMA journal_mode=WAL;"
                         "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (41)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);

  auto db = OpenSqliteDatabase(path_);
  ASSERT_TRUE(db) << db.error().ToString();
  ASSERT_TRUE(
      (*db)
          ->Transaction([](Connection& c) { return c.ExecuteScript("INSERT INTO t VALUES (42)"); })
          .ok());
  EXPECT_EQ(PageSize(**db, "main"), 4096);
  int64_t sum = 0;
  ASSERT_TRUE((*db)
                  ->Read([&](Connection& c) -> Status {
                    ASSIGN_OR_RETURN(Rows rows, c.Query("SELECT sum(x) FROM t"));
                    sum = rows.rows[0].Int(0);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(sum, 83);
}

}  // namespace
}  // namespace plenary::storage
