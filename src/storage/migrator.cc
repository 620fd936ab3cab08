#include "storage/migrator.h"

#include <algorithm>
#include <functional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "storage/sql_text.h"

namespace plenary::storage {
namespace {

// Where a sequence of migrations is recorded, and how its transactions run.
struct Ledger {
  // BIGINT without "PRIMARY KEY" right after INTEGER: valid as is on both engines.
  std::string_view create;
  std::string_view select_applied;
  std::string_view select_one;
  std::string_view insert;
  bool derived;  // DerivedTransaction, else Transaction
};

constexpr Ledger kMain = {
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "number BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    "SELECT number FROM schema_migrations", "SELECT name FROM schema_migrations WHERE number = ?",
    "INSERT INTO schema_migrations (number, name, applied_at) VALUES (?, ?, ?)", false};
// In the derived file itself, so that it is lost with it (and the schema applied again).
// Another name than the main one's: an in-memory database holds both in one schema.
constexpr Ledger kDerived = {
    "CREATE TABLE IF NOT EXISTS derived_migrations ("
    "number BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    "SELECT number FROM derived_migrations", "SELECT name FROM derived_migrations WHERE number = ?",
    "INSERT INTO derived_migrations (number, name, applied_at) VALUES (?, ?, ?)", true};
// Two processes migrating one PostgreSQL database at once queue here.
constexpr std::string_view kLockPostgres = "LOCK TABLE schema_migrations IN EXCLUSIVE MODE";

Status RunIn(Database& db, const Ledger& ledger, const std::function<Status(Connection&)>& work) {
  return ledger.derived ? db.DerivedTransaction(work) : db.Transaction(work);
}

// "0008_search.sqlite" for a backend's half, the plain name otherwise.
std::string Label(const Migration& migration) {
  if (migration.derived) {
    return migration.name + ".derived";
  }
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

// The derived file's migrations: one a number, as written (SQLite's), sorted by number.
Status CheckDerivedNumbers(const std::vector<const Migration*>& sorted) {
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i]->number <= 0) {
      return InvalidArgument("migration " + Label(*sorted[i]) + " has no positive number");
    }
    if (i > 0 && sorted[i]->number == sorted[i - 1]->number) {
      return InvalidArgument("migrations " + Label(*sorted[i - 1]) + " and " + Label(*sorted[i]) +
                             " share a number");
    }
  }
  return Status::Ok();
}

// Applies one migration unless another process did meanwhile; sets `applied`.
Status ApplyOne(Database& db, const Ledger& ledger, const Migration& migration, bool* applied) {
  const bool postgres = db.backend() == Backend::kPostgres;
  return RunIn(db, ledger, [&](Connection& c) -> Status {
    if (postgres) {
      RETURN_IF_ERROR(c.ExecuteScript(kLockPostgres));
    }
    Value number = static_cast<int64_t>(migration.number);
    ASSIGN_OR_RETURN(Rows done, c.Query(ledger.select_one, std::span<const Value>(&number, 1)));
    if (!done.empty()) {
      return Status::Ok();
    }
    // A backend's own half is written in its dialect: only portable migrations are rewritten.
    const bool rewrite = postgres && !migration.backend.has_value();
    RETURN_IF_ERROR(
        c.ExecuteScript(rewrite ? RewriteSchemaForPostgres(migration.sql) : migration.sql));
    Value values[] = {number, migration.name, FormatIso8601(SystemClock().Now())};
    ASSIGN_OR_RETURN(int64_t inserted, c.Execute(ledger.insert, values));
    (void)inserted;
    *applied = true;
    return Status::Ok();
  });
}

// Applies what `ledger` has not recorded of `sorted` (this backend's, by number); adds to `count`.
Status ApplyMissing(Database& db, const Ledger& ledger, std::span<const Migration* const> sorted,
                    int& count) {
  RETURN_IF_ERROR(RunIn(db, ledger, [&](Connection& c) { return c.ExecuteScript(ledger.create); }));
  std::set<int64_t> done;
  auto read_done = [&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(Rows rows, c.Query(ledger.select_applied));
    for (const Row& row : rows.rows) {
      done.insert(row.Int(0));
    }
    return Status::Ok();
  };
  // The derived ledger is read where it is written: only DerivedTransaction has that file alone.
  RETURN_IF_ERROR(ledger.derived ? db.DerivedTransaction(read_done) : db.Read(read_done));
  for (const Migration* migration : sorted) {
    if (done.contains(migration->number)) {
      continue;
    }
    bool applied = false;
    Status status = ApplyOne(db, ledger, *migration, &applied);
    if (!status.ok()) {
      return status.WithContext("migration " + Label(*migration));
    }
    count += applied ? 1 : 0;
  }
  return Status::Ok();
}

}  // namespace

Result<int> Migrate(Database& db, const std::vector<Migration>& migrations) {
  std::vector<const Migration*> sorted;
  std::vector<const Migration*> derived;
  sorted.reserve(migrations.size());
  for (const Migration& m : migrations) {
    (m.derived ? derived : sorted).push_back(&m);
  }
  std::ranges::sort(sorted, {}, &Migration::number);
  std::ranges::sort(derived, {}, &Migration::number);
  // All of them, on both backends, before anything is applied: a missing half fails everywhere.
  RETURN_IF_ERROR(CheckNumbers(sorted));
  RETURN_IF_ERROR(CheckDerivedNumbers(derived));
  std::erase_if(sorted, [&](const Migration* m) {
    return m->backend.has_value() && *m->backend != db.backend();
  });

  int count = 0;
  RETURN_IF_ERROR(ApplyMissing(db, kMain, sorted, count));
  // After the main file's: those move tables out of it before the derived file has them, so
  // that an in-memory database (one schema for both) never holds two of a name.
  if (db.backend() == Backend::kSqlite) {
    RETURN_IF_ERROR(ApplyMissing(db, kDerived, derived, count));
  }
  return count;
}

}  // namespace plenary::storage
