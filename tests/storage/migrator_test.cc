#include "storage/migrator.h"

#include <gtest/gtest.h>

#include "support/temp_database.h"

namespace plenary::storage {
namespace {

const Migration kFirst = {1, "0001_test_first",
                          "CREATE TABLE thing (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                          "weight REAL, photo BLOB);\n"
                          "CREATE INDEX thing_name ON thing (name);"};
const Migration kSecond = {2, "0002_test_second",
                           "-- a comment; with a semicolon\n"
                           "ALTER TABLE thing ADD COLUMN note TEXT DEFAULT 'INTEGER PRIMARY KEY';"};
const Migration kThird = {3, "0003_test_third",
                          "CREATE TABLE part (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                          "thing_id INTEGER NOT NULL REFERENCES thing (id));"};
const Migration kBroken = {4, "0004_test_broken",
                           "CREATE TABLE half (id INTEGER PRIMARY KEY);\nCREATE TABLE oops ("};

class MigratorTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto db = OpenTempDatabase(GetParam());
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
  }

  std::vector<int64_t> Recorded() {
    std::vector<int64_t> numbers;
    Status status = db_->Read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(Rows rows, c.Query("SELECT number FROM schema_migrations ORDER BY number"));
      for (const Row& row : rows.rows) {
        numbers.push_back(row.Int(0));
      }
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return numbers;
  }

  bool TableExists(const std::string& table) {
    Status status =
        db_->Read([&](Connection& c) { return c.ExecuteScript("SELECT * FROM " + table); });
    return status.ok();
  }

  std::unique_ptr<Database> db_;
};

TEST_P(MigratorTest, AppliesInOrderAndIsIdempotent) {
  auto applied = Migrate(*db_, {kSecond, kFirst});  // sorted by number, whatever the order
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();
  EXPECT_EQ(*applied, 2);
  EXPECT_EQ(Recorded(), (std::vector<int64_t>{1, 2}));

  auto again = Migrate(*db_, {kFirst, kSecond});
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(*again, 0);

  auto more = Migrate(*db_, {kFirst, kSecond, kThird});
  ASSERT_TRUE(more.has_value()) << more.error().ToString();
  EXPECT_EQ(*more, 1);
  EXPECT_EQ(Recorded(), (std::vector<int64_t>{1, 2, 3}));
}

TEST_P(MigratorTest, PortableSchemaWorksOnBothEngines) {
  ASSERT_TRUE(Migrate(*db_, {kFirst, kSecond, kThird}).has_value());
  std::vector<int64_t> ids;
  Status status = db_->Transaction([&](Connection& c) -> Status {
    Value values[] = {std::string("a"), 1.25, Blob{std::string("\0\1", 2)}};
    ASSIGN_OR_RETURN(Row row, c.QueryOne("INSERT INTO thing (name, weight, photo) VALUES (?, ?, ?) "
                                         "RETURNING id, note, weight, photo",
                                         values, "thing"));
    EXPECT_EQ(row.Text(1), "INTEGER PRIMARY KEY");  // literals are left alone
    EXPECT_EQ(row.at(2), Value(1.25));
    EXPECT_EQ(row.at(3), values[2]);
    Value thing = row.Int(0);
    ASSIGN_OR_RETURN(Row part, c.QueryOne("INSERT INTO part (thing_id) VALUES (?) RETURNING id",
                                          {&thing, 1}, "part"));
    ids = {row.Int(0), part.Int(0)};
    // 64-bit integers fit columns declared INTEGER on both engines.
    Value big = int64_t{1} << 40;
    return c.Execute("UPDATE part SET thing_id = thing_id WHERE thing_id < ?", {&big, 1})
                   .has_value()
               ? Status::Ok()
               : Internal("update failed");
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(ids, (std::vector<int64_t>{1, 1}));
}

TEST_P(MigratorTest, FailedMigrationLeavesNoTraceAndStops) {
  auto applied = Migrate(*db_, {kFirst, kBroken, kSecond});
  ASSERT_FALSE(applied.has_value());
  EXPECT_NE(applied.error().message().find("0004_test_broken"), std::string::npos)
      << applied.error().ToString();
  EXPECT_EQ(Recorded(), (std::vector<int64_t>{1, 2}));  // 2 sorts before 4
  EXPECT_FALSE(TableExists("half"));
  EXPECT_TRUE(TableExists("thing"));
}

TEST_P(MigratorTest, RefusesDuplicateNumbers) {
  Migration twin = kFirst;
  twin.name = "0001_twin";
  auto applied = Migrate(*db_, {kFirst, twin});
  ASSERT_FALSE(applied.has_value());
  EXPECT_EQ(applied.error().code(), StatusCode::kInvalidArgument);
}

TEST_P(MigratorTest, BuiltinMigrationsApplyCleanly) {
  // Every migration in migrations/ must run on every backend.
  auto applied = Migrate(*db_, BuiltinMigrations());
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();
  EXPECT_EQ(*applied, static_cast<int>(BuiltinMigrations().size()));
  auto again = Migrate(*db_, BuiltinMigrations());
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(*again, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigratorTest, ::testing::ValuesIn(TestBackends()));

TEST(BuiltinMigrations, AreSortedAndNamedByNumber) {
  int previous = 0;
  for (const Migration& m : BuiltinMigrations()) {
    EXPECT_GT(m.number, previous) << m.name;
    EXPECT_EQ(std::stoi(m.name.substr(0, m.name.find('_'))), m.number) << m.name;
    EXPECT_FALSE(m.sql.empty()) << m.name;
    previous = m.number;
  }
}

}  // namespace
}  // namespace plenary::storage
