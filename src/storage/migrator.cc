#include "storage/migrator.h"

#include <algorithm>
#include <set>

#include "core/clock.h"
#include "storage/sql_text.h"

namespace plenary::storage {
namespace {

// BIGINT without "PRIMARY KEY" right after INTEGER: valid as is on both engines.
constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "number BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
constexpr std::string_view kSelectApplied = "SELECT number FROM schema_migrations";
constexpr std::string_view kSelectOne = "SELECT name FROM schema_migrations WHERE number = ?";
constexpr std::string_view kInsertApplied =
    "INSERT INTO schema_migrations (number, name, applied_at) VALUES (?, ?, ?)";
// Two processes migrating one PostgreSQL database at once queue here.
constexpr std::string_view kLockPostgres = "LOCK TABLE schema_migrations IN EXCLUSIVE MODE";

Status CheckNumbers(const std::vector<const Migration*>& sorted) {
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i]->number <= 0) {
      return InvalidArgument("migration " + sorted[i]->name + " has no positive number");
    }
    if (i > 0 && sorted[i]->number == sorted[i - 1]->number) {
      return InvalidArgument("migrations " + sorted[i - 1]->name + " and " + sorted[i]->name +
                             " share a number");
    }
  }
  return Status::Ok();
}

// Applies one migration unless another process did meanwhile; sets `applied`.
Status ApplyOne(Database& db, const Migration& migration, bool* applied) {
  const bool postgres = db.backend() == Backend::kPostgres;
  return db.Transaction([&](Connection& c) -> Status {
    if (postgres) {
      RETURN_IF_ERROR(c.ExecuteScript(kLockPostgres));
    }
    Value number = static_cast<int64_t>(migration.number);
    ASSIGN_OR_RETURN(Rows done, c.Query(kSelectOne, std::span<const Value>(&number, 1)));
    if (!done.empty()) {
      return Status::Ok();
    }
    RETURN_IF_ERROR(
        c.ExecuteScript(postgres ? RewriteSchemaForPostgres(migration.sql) : migration.sql));
    Value values[] = {number, migration.name, FormatIso8601(SystemClock().Now())};
    ASSIGN_OR_RETURN(int64_t inserted, c.Execute(kInsertApplied, values));
    (void)inserted;
    *applied = true;
    return Status::Ok();
  });
}

}  // namespace

Result<int> Migrate(Database& db, const std::vector<Migration>& migrations) {
  std::vector<const Migration*> sorted;
  sorted.reserve(migrations.size());
  for (const Migration& m : migrations) {
    sorted.push_back(&m);
  }
  std::ranges::sort(sorted, {}, &Migration::number);
  RETURN_IF_ERROR(CheckNumbers(sorted));

  RETURN_IF_ERROR(
      db.Transaction([](Connection& c) { return c.ExecuteScript(kCreateMigrationsTable); }));
  std::set<int64_t> done;
  RETURN_IF_ERROR(db.Read([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(Rows rows, c.Query(kSelectApplied));
    for (const Row& row : rows.rows) {
      done.insert(row.Int(0));
    }
    return Status::Ok();
  }));

  int count = 0;
  for (const Migration* migration : sorted) {
    if (done.contains(migration->number)) {
      continue;
    }
    bool applied = false;
    Status status = ApplyOne(db, *migration, &applied);
    if (!status.ok()) {
      return Error(status.WithContext("migration " + migration->name));
    }
    count += applied ? 1 : 0;
  }
  return count;
}

}  // namespace plenary::storage
