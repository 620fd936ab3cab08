// tests/support/temp_database: isolated databases that disappear with their owner.
#include "support/temp_database.h"

#include <filesystem>

#include <gtest/gtest.h>

namespace plenary {
namespace {

class TempDatabaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TempDatabaseTest, GivesIsolatedDatabasesThatAreRemovedAfterwards) {
  std::string url;
  {
    auto first = TempDatabaseUrl::Create(GetParam());
    auto second = TempDatabaseUrl::Create(GetParam());
    ASSERT_TRUE(first.has_value()) << first.error().ToString();
    ASSERT_TRUE(second.has_value()) << second.error().ToString();
    EXPECT_NE(first->url(), second->url());
    url = first->url();

    auto a = storage::OpenDatabase(first->url());
    auto b = storage::OpenDatabase(second->url());
    ASSERT_TRUE(a.has_value()) << a.error().ToString();
    ASSERT_TRUE(b.has_value()) << b.error().ToString();
    Status status = (*a)->Transaction(
        [](storage::Connection& c) { return c.ExecuteScript("CREATE TABLE only_in_a (x TEXT)"); });
    ASSERT_TRUE(status.ok()) << status.ToString();
    status = (*b)->Read(
        [](storage::Connection& c) { return c.ExecuteScript("SELECT * FROM only_in_a"); });
    EXPECT_FALSE(status.ok());  // the other database does not see it
    // Dropping a PostgreSQL database that still has sessions works too (WITH (FORCE)).
  }
  if (GetParam() == "sqlite") {
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(url.substr(7)).parent_path()));
  } else {
    auto gone = storage::OpenDatabase(url);
    EXPECT_FALSE(gone.has_value());
  }
}

TEST_P(TempDatabaseTest, OwnedDatabaseIsEmpty) {
  auto db = OpenTempDatabase(GetParam());
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  EXPECT_EQ((*db)->backend(),
            GetParam() == "sqlite" ? storage::Backend::kSqlite : storage::Backend::kPostgres);
}

INSTANTIATE_TEST_SUITE_P(Backends, TempDatabaseTest, ::testing::ValuesIn(TestBackends()));

TEST(TempDatabase, UnknownBackendIsInvalidArgument) {
  auto db = OpenTempDatabase("oracle");
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace plenary
