#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "storage/database.h"

namespace plenary::storage {

// Opens (creating it and its folder) the SQLite database at `path`, or a private in-memory
// database for ":memory:". Files use WAL, foreign keys and a busy timeout, and the writer syncs
// every commit (synchronous=FULL: a transaction that returned ok survives a power loss);
// one writer connection serialises transactions (BEGIN IMMEDIATE) while a few read-only
// connections serve Read() in parallel. An in-memory database uses a single connection.
// Files have a second file beside them for derived data (DerivedFilePath), written by
// DerivedTransaction on a connection of its own and attached by the readers.
Result<std::unique_ptr<Database>> OpenSqliteDatabase(std::string_view path);

// The file of a database's derived data: "<path>-derived" (beside SQLite's "<path>-wal"; its
// own log is "<path>-derived-wal"). Deleting it (with its -wal and -shm) while no process has
// the database open loses nothing that cannot be rebuilt: the next start recreates it empty.
std::string DerivedFilePath(std::string_view path);

}  // namespace plenary::storage
