#include "storage/migrator.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "support/temp_database.h"

namespace plenary::storage {

// Generated from tests/storage/migrations/ by src/storage/embed_migrations.cmake.
const std::vector<Migration>& FixtureMigrationsForTest();

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

  bool TableExists(const std::string& table) { return Runs("SELECT * FROM " + table); }

  bool Runs(const std::string& sql) {
    return db_->Read([&](Connection& c) { return c.ExecuteScript(sql); }).ok();
  }

  // The first column of the only row `sql` returns, as text ("" when it fails).
  std::string Scalar(const std::string& sql) {
    std::string value;
    Status status = db_->Read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(Row row, c.QueryOne(sql, {}, sql));
      value = row.Text(0);
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return value;
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
  // One half of each backend-specific pair applies here.
  auto here = std::ranges::count_if(BuiltinMigrations(), [&](const Migration& m) {
    return !m.backend.has_value() || *m.backend == db_->backend();
  });
  EXPECT_EQ(*applied, static_cast<int>(here));
  auto again = Migrate(*db_, BuiltinMigrations());
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(*again, 0);
}

TEST_P(MigratorTest, EachBackendAppliesItsHalfOfAPairOnly) {
  // 0002 is an FTS5 table on SQLite and a tsvector column with a GIN index on PostgreSQL: each
  // half is invalid SQL on the other engine.
  auto applied = Migrate(*db_, FixtureMigrationsForTest());
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();
  // And, on SQLite, the derived file's one (recorded in that file, see below).
  EXPECT_EQ(*applied, db_->backend() == Backend::kSqlite ? 4 : 3);
  EXPECT_EQ(Recorded(), (std::vector<int64_t>{1, 2, 3}));  // dense on both backends
  EXPECT_EQ(Scalar("SELECT name FROM schema_migrations WHERE number = 2"), "0002_fixture_search");

  Status status = db_->Transaction([](Connection& c) {
    return c.ExecuteScript(
        "INSERT INTO note (body) VALUES ('Internet governance forum');"
        "INSERT INTO note (body) VALUES ('Enhanced cooperation')");
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  if (db_->backend() == Backend::kSqlite) {
    EXPECT_EQ(Scalar("SELECT rowid FROM note_search WHERE note_search MATCH 'governance'"), "1");
    EXPECT_FALSE(Runs("SELECT search FROM note"));
    EXPECT_FALSE(TableExists("note_typed"));
  } else {
    EXPECT_EQ(Scalar("SELECT id FROM note WHERE search @@ to_tsquery('simple', 'governance')"),
              "1");
    EXPECT_FALSE(TableExists("note_search"));  // an index there, not a table
    // A backend's half runs as written: INTEGER is not rewritten to BIGINT.
    EXPECT_EQ(Scalar("SELECT data_type FROM information_schema.columns "
                     "WHERE table_name = 'note_typed' AND column_name = 'n'"),
              "integer");
  }

  auto again = Migrate(*db_, FixtureMigrationsForTest());
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(*again, 0);
}

TEST_P(MigratorTest, RefusesNumbersThatAreNotOneMigrationOrOnePair) {
  const Migration note = {1, "0001_note", "CREATE TABLE note (id INTEGER PRIMARY KEY);"};
  // Halves with nothing to do hold a comment, which both engines accept as a script.
  const Migration lite = {2, "0002_search", "-- nothing to do on SQLite\n", Backend::kSqlite};
  const Migration pg = {2, "0002_search", "-- nothing to do on PostgreSQL\n", Backend::kPostgres};
  const Migration plain = {2, "0002_search", "SELECT 1;"};
  Migration pg_renamed = pg;
  pg_renamed.name = "0002_fts";
  struct Case {
    std::vector<Migration> migrations;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{note, lite}, "0002_search.sqlite has no .postgres counterpart"},
      {{note, pg}, "0002_search.postgres has no .sqlite counterpart"},
      {{note, plain, lite}, "share a number"},
      {{note, lite, pg, plain}, "share a number"},
      {{note, lite, lite}, "share a number"},
      {{note, lite, pg_renamed}, "must share a name"},
  };
  for (const Case& c : cases) {
    auto applied = Migrate(*db_, c.migrations);
    ASSERT_FALSE(applied.has_value()) << c.message;
    EXPECT_EQ(applied.error().code(), StatusCode::kInvalidArgument) << applied.error().ToString();
    EXPECT_NE(applied.error().message().find(c.message), std::string::npos)
        << applied.error().ToString();
  }
  EXPECT_FALSE(TableExists("note"));  // checked before anything is applied
  auto applied = Migrate(*db_, {note, pg, lite});
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();
  EXPECT_EQ(*applied, 2);
}

// SQLite: a derived migration makes its table in the derived file, which the readers see and
// the main writer does not, and is recorded there. PostgreSQL: skipped.
TEST_P(MigratorTest, DerivedMigrationsGoToTheDerivedFileOnSqliteOnly) {
  auto applied = Migrate(*db_, FixtureMigrationsForTest());
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();
  if (db_->backend() == Backend::kPostgres) {
    EXPECT_FALSE(TableExists("note_summary"));
    EXPECT_FALSE(TableExists("derived_migrations"));
    return;
  }
  Status status = db_->DerivedTransaction([](Connection& c) {
    return c.ExecuteScript("INSERT INTO note_summary (note_id, words) VALUES (1, 3)");
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(Scalar("SELECT words FROM note_summary"), "3");
  EXPECT_EQ(Scalar("SELECT name FROM derived.derived_migrations WHERE number = 1"),
            "0001_fixture_summary");
  EXPECT_FALSE(TableExists("main.note_summary"));
  status = db_->Transaction([](Connection& c) {
    return c.ExecuteScript("INSERT INTO note_summary (note_id, words) VALUES (2, 1)");
  });
  EXPECT_FALSE(status.ok()) << "the main writer does not attach the derived file";
  auto again = Migrate(*db_, FixtureMigrationsForTest());
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(*again, 0);
}

TEST_P(MigratorTest, RefusesDerivedMigrationsThatShareANumber) {
  const Migration a = {1, "0001_a", "CREATE TABLE a (x INTEGER);", Backend::kSqlite, true};
  const Migration b = {1, "0001_b", "CREATE TABLE b (x INTEGER);", Backend::kSqlite, true};
  auto applied = Migrate(*db_, {kFirst, a, b});
  ASSERT_FALSE(applied.has_value());
  EXPECT_EQ(applied.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(applied.error().message().find("0001_a.derived and 0001_b.derived share a number"),
            std::string::npos)
      << applied.error().ToString();
  EXPECT_FALSE(TableExists("thing"));  // on both backends, before anything is applied
  // A derived migration may share its number with a main one (the one that moved its tables).
  applied = Migrate(*db_, {kFirst, a});
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();
}

INSTANTIATE_TEST_SUITE_P(Backends, MigratorTest, ::testing::ValuesIn(TestBackends()));

// A derived file that was deleted comes back, empty, with its schema at the next start.
TEST(DerivedFile, ComesBackEmptyWithItsSchemaWhenDeleted) {
  auto temp = TempDatabaseUrl::Create("sqlite");
  ASSERT_TRUE(temp.has_value()) << temp.error().ToString();
  const std::string path = SqliteFilePath(temp->url()).value_or("");
  const std::string derived = path + "-derived";
  {
    auto db = OpenDatabase(temp->url());
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    ASSERT_TRUE(Migrate(**db, FixtureMigrationsForTest()).has_value());
    Status status = (*db)->DerivedTransaction([](Connection& c) {
      return c.ExecuteScript("INSERT INTO note_summary (note_id, words) VALUES (1, 3)");
    });
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
  ASSERT_TRUE(std::filesystem::exists(derived));
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(derived + suffix);
  }
  auto db = OpenDatabase(temp->url());
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  auto applied = Migrate(**db, FixtureMigrationsForTest());
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();
  EXPECT_EQ(*applied, 1);  // the derived file's; the main file has its own
  int64_t rows = -1;
  Status status = (*db)->Read([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(Row row, c.QueryOne("SELECT COUNT(*) FROM note_summary", {}, "count"));
    rows = row.Int(0);
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(rows, 0);
}

TEST(BuiltinMigrations, AreSortedAndNamedByNumber) {
  const Migration* previous = nullptr;
  for (const Migration& m : BuiltinMigrations()) {
    if (m.derived) {
      continue;  // a sequence of their own (below)
    }
    if (previous != nullptr && previous->number == m.number) {
      // The two halves of one number, one per backend.
      EXPECT_TRUE(previous->backend.has_value() && m.backend.has_value()) << m.name;
      EXPECT_NE(previous->backend, m.backend) << m.name;
    } else if (previous != nullptr) {
      EXPECT_GT(m.number, previous->number) << m.name;
    }
    EXPECT_EQ(std::stoi(m.name.substr(0, m.name.find('_'))), m.number) << m.name;
    EXPECT_FALSE(m.sql.empty()) << m.name;
    previous = &m;
  }
  previous = nullptr;
  for (const Migration& m : BuiltinMigrations()) {
    if (!m.derived) {
      continue;
    }
    EXPECT_EQ(m.backend, Backend::kSqlite) << m.name;
    if (previous != nullptr) {
      EXPECT_GT(m.number, previous->number) << m.name;
    }
    previous = &m;
  }
}

TEST(EmbedMigrations, ReadsTheBackendFromTheFileName) {
  const std::vector<Migration>& migrations = FixtureMigrationsForTest();
  ASSERT_EQ(migrations.size(), 5u);
  std::vector<std::tuple<int, std::string, std::optional<Backend>, bool>> seen;
  for (const Migration& m : migrations) {
    seen.emplace_back(m.number, m.name, m.backend, m.derived);
    EXPECT_NE(m.sql.find("CREATE"), std::string::npos) << m.name;
  }
  using Seen = std::tuple<int, std::string, std::optional<Backend>, bool>;
  EXPECT_EQ(seen, (std::vector<Seen>{{1, "0001_fixture_note", std::nullopt, false},
                                     {1, "0001_fixture_summary", Backend::kSqlite, true},
                                     {2, "0002_fixture_search", Backend::kPostgres, false},
                                     {2, "0002_fixture_search", Backend::kSqlite, false},
                                     {3, "0003_fixture_after", std::nullopt, false}}));
}

}  // namespace
}  // namespace plenary::storage
