#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/database.h"

namespace plenary::storage {

struct Migration {
  int number = 0;    // from the file name: 0001_process_init.sql -> 1
  std::string name;  // "0001_process_init" (a backend's suffix is not part of it)
  std::string sql;
  // Unset for NNNN_name.sql, which applies on both backends. Set for NNNN_name.sqlite.sql and
  // NNNN_name.postgres.sql, which apply only on that backend, as written (no rewrite).
  std::optional<Backend> backend;
  // NNNN_name.derived.sql (backend kSqlite): the schema of SQLite's derived file, applied there
  // (Database::DerivedTransaction). PostgreSQL skips them: its one database got those tables
  // from the portable migrations.
  bool derived = false;
};

// Migrations are compiled into the binary (generated from migrations/*.sql by CMake,
// embed_migrations.cmake), so a deployed binary carries its schema. Sorted by number.
const std::vector<Migration>& BuiltinMigrations();

// Applies, in order and each in its own transaction, every migration of this backend not yet
// recorded in the schema_migrations table. Returns how many were applied. Idempotent.
//
// On SQLite, then, the derived file's migrations (NNNN_name.derived.sql), in order, each in its
// own DerivedTransaction, recorded in that file's own `derived_migrations` table: a derived file
// that was lost or deleted comes back empty and gets its whole schema again, whatever the main
// file has recorded. Their numbers are a sequence of their own (each number once; by custom the
// number of the main migration that moved the tables there). No REFERENCES across files: the
// main file drops the tables that moved (its own migration), and nothing checks that a derived
// row's ids exist in the main file. Their SQL is SQLite's, as written.
//
// Portable migrations (no backend) must be SQL both engines accept. On PostgreSQL they get two
// rewrites: "INTEGER PRIMARY KEY" becomes an identity column and "BLOB" becomes "BYTEA"; also,
// so that types mean the same on both, other "INTEGER" becomes "BIGINT" and "REAL" becomes
// "DOUBLE PRECISION" (storage/sql_text.h).
//
// Where the engines differ (full-text search: an FTS5 virtual table on SQLite, a tsvector column
// with a GIN index on PostgreSQL), a number holds a pair instead: NNNN_name.sqlite.sql and
// NNNN_name.postgres.sql, with the same name. Each runs only on its backend, verbatim, and is
// recorded under that number and name, so both backends record the same dense sequence. A
// backend's half with nothing to do holds a comment. kInvalidArgument, before anything is
// applied, for a number held by two portable migrations, by a portable one and a backend's, by
// two of one backend, or by one backend's alone, and for a pair whose names differ.
// Migrations must not contain BEGIN/COMMIT.
Result<int> Migrate(Database& db, const std::vector<Migration>& migrations);

}  // namespace plenary::storage
