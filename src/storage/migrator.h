#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "storage/database.h"

namespace plenary::storage {

struct Migration {
  int number = 0;    // from the file name: 0001_process_init.sql -> 1
  std::string name;  // "0001_process_init"
  std::string sql;
};

// Migrations are compiled into the binary (generated from migrations/*.sql by CMake), so a
// deployed binary carries its schema. Sorted by number.
const std::vector<Migration>& BuiltinMigrations();

// Applies, in order and each in its own transaction, every migration not yet recorded in
// the schema_migrations table. Returns how many were applied. Idempotent.
// On PostgreSQL two portable rewrites are made: "INTEGER PRIMARY KEY" becomes an identity
// column and "BLOB" becomes "BYTEA"; everything else must be SQL both engines accept.
// Also, so that types mean the same on both: other "INTEGER" becomes "BIGINT" and "REAL"
// becomes "DOUBLE PRECISION" (storage/sql_text.h). Migrations must not contain BEGIN/COMMIT.
Result<int> Migrate(Database& db, const std::vector<Migration>& migrations);

}  // namespace plenary::storage
