#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/database.h"

namespace plenary {

// The backends to run contract tests on: "sqlite" always, and "postgres" when the environment
// variable PLENARY_TEST_PG_URL names a server (tools/with-postgres sets it). For
// INSTANTIATE_TEST_SUITE_P(Backends, X, ::testing::ValuesIn(TestBackends())).
std::vector<std::string> TestBackends();

// An empty, isolated database that exists as long as this object: a fresh temporary folder
// holding test.db for "sqlite", a freshly created database with a unique name on the server of
// PLENARY_TEST_PG_URL for "postgres". Removed (folder) or dropped (database) on destruction.
// Use url() to start a real `plenary serve --db URL` process against it.
class TempDatabaseUrl {
 public:
  static Result<TempDatabaseUrl> Create(std::string_view backend);
  TempDatabaseUrl(TempDatabaseUrl&& other) noexcept;
  TempDatabaseUrl& operator=(TempDatabaseUrl&& other) noexcept;
  TempDatabaseUrl(const TempDatabaseUrl&) = delete;
  TempDatabaseUrl& operator=(const TempDatabaseUrl&) = delete;
  ~TempDatabaseUrl();

  const std::string& url() const { return url_; }

 private:
  TempDatabaseUrl() = default;
  void Remove();

  std::string url_;
  std::string folder_;     // sqlite: the temporary folder
  std::string admin_url_;  // postgres: where to DROP DATABASE
  std::string name_;       // postgres: the database's name
};

// OpenDatabase() on a new TempDatabaseUrl that the returned Database owns: the database is
// removed when it is destroyed. Not migrated: call storage::Migrate as needed.
Result<std::unique_ptr<storage::Database>> OpenTempDatabase(std::string_view backend);

}  // namespace plenary
