#include "storage/migrator.h"

#include <algorithm>
#include <set>
#include <span>
#include <string>
#include <vector>

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

// "0008_search.sqlite" for a backend's half, the plain name otherwise.
std::string Label(const Migration& migration) {
  if (!migration.backend.has_value()) {
    return migration.name;
  }
  return migration.name + (*migration.backend == Backend::kSqlite ? ".sqlite" : ".postgres");
}

// Migrations that share a number: one portable migration, or one pair of backends' halves.
Status CheckGroup(std::span<const Migration* const> group) {
  const Migration& first = *group.front();
  if (group.size() == 1) {
    if (!first.backend.has_value()) {
      return Status::Ok();
    }
    const char* other = *first.backend == Backend::kSqlite ? ".postgres" : ".sqlite";
    return InvalidArgument("migration " + Label(first) + " has no " + other +
                           " counterpart: a number is applied on both backends, so each needs "
                           "its half (one with nothing to do holds a comment)");
  }
  const Migration& second = *group[1];
  if (group.size() == 2 && first.backend.has_value() && second.backend.has_value() &&
      *first.backend != *second.backend) {
    if (first.name != second.name) {
      return InvalidArgument("migrations " + Label(first) + " and " + Label(second) +
                             " are the two halves of one number and must share a name");
    }
    return Status::Ok();
  }
  std::string names;
  for (size_t i = 0; i < group.size(); ++i) {
    names += i == 0 ? "" : (i + 1 == group.size() ? " and " : ", ");
    names += Label(*group[i]);
  }
  return InvalidArgument("migrations " + names + " share a number");
}

// `sorted` is ordered by number.
Status CheckNumbers(const std::vector<const Migration*>& sorted) {
  for (size_t begin = 0; begin < sorted.size();) {
    if (sorted[begin]->number <= 0) {
      return InvalidArgument("migration " + Label(*sorted[begin]) + " has no positive number");
    }
    size_t end = begin + 1;
    while (end < sorted.size() && sorted[end]->number == sorted[begin]->number) {
      ++end;
    }
    RETURN_IF_ERROR(CheckGroup(std::span(sorted).subspan(begin, end - begin)));
    begin = end;
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
    // A backend's own half is written in its dialect: only portable migrations are rewritten.
    const bool rewrite = postgres && !migration.backend.has_value();
    RETURN_IF_ERROR(
        c.ExecuteScript(rewrite ? RewriteSchemaForPostgres(migration.sql) : migration.sql));
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
  RETURN_IF_ERROR(CheckNumbers(sorted));  // all of them: a missing half fails on both backends
  std::erase_if(sorted, [&](const Migration* m) {
    return m->backend.has_value() && *m->backend != db.backend();
  });

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
      return Error(status.WithContext("migration " + Label(*migration)));
    }
    count += applied ? 1 : 0;
  }
  return count;
}

}  // namespace plenary::storage
