// A derived file belongs to its main file: left beside another database's main file (the main
// file recreated, or replaced), it comes back empty instead of serving that other database's
// derived data; beside its own, it keeps its data across opens.
#include "storage/sqlite/derived_pairing.h"

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "sqlite_file_test.h"
#include "storage/sqlite/sqlite_database.h"

namespace plenary::storage {
namespace {

class DerivedPairingTest : public SqliteFileTest {
 protected:
  std::unique_ptr<Database> Open() {
    auto db = OpenSqliteDatabase(path_);
    EXPECT_TRUE(db.has_value()) << db.error().ToString();
    return db ? std::move(*db) : nullptr;
  }
  // Writes a derived table with one row.
  static void WriteDerived(Database& db) {
    Status s = db.DerivedTransaction([](Connection& c) {
      return c.ExecuteScript("CREATE TABLE summary (n INTEGER); INSERT INTO summary VALUES (7)");
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  // Whether the derived table is there (read through a reader, which attaches the file).
  static bool HasDerived(Database& db) {
    bool found = false;
    Status s = db.Read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(
          Rows rows, c.Query("SELECT count(*) FROM derived.sqlite_master WHERE name = 'summary'"));
      found = rows.rows[0].Int(0) == 1;
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return found;
  }
  void RemoveMainFile() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_ + suffix);
    }
  }
};

TEST_F(DerivedPairingTest, ItsOwnMainFileKeepsItsDerivedData) {
  auto db = Open();
  ASSERT_NE(db, nullptr);
  WriteDerived(*db);
  db.reset();
  db = Open();
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(HasDerived(*db));
}

TEST_F(DerivedPairingTest, ADerivedFileLeftBesideANewMainFileComesBackEmpty) {
  auto db = Open();
  ASSERT_NE(db, nullptr);
  WriteDerived(*db);
  db.reset();
  RemoveMainFile();  // a new database at the same path; the old derived file is still there
  ASSERT_TRUE(std::filesystem::exists(DerivedFilePath(path_)));
  db = Open();
  ASSERT_NE(db, nullptr);
  EXPECT_FALSE(HasDerived(*db));
  // And from then on it is the new main file's.
  WriteDerived(*db);
  db.reset();
  db = Open();
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(HasDerived(*db));
}

TEST_F(DerivedPairingTest, ADerivedFileWithoutATokenIsAdopted) {
  auto db = Open();
  ASSERT_NE(db, nullptr);
  WriteDerived(*db);
  // As a derived file from before tokens: user_version 0.
  ASSERT_TRUE(db->DerivedTransaction([](Connection& c) {
                  return c.ExecuteScript("PRAGMA user_version = 0");
                }).ok());
  db.reset();
  db = Open();
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(HasDerived(*db));
}

}  // namespace
}  // namespace plenary::storage
