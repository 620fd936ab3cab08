#pragma once

#include <memory>
#include <string_view>

#include "core/result.h"
#include "storage/database.h"

namespace plenary::storage {

// Opens (creating it and its folder) the SQLite database at `path`, or a private in-memory
// database for ":memory:". Files use WAL, foreign keys and a busy timeout, and the writer syncs
// every commit (synchronous=FULL: a transaction that returned ok survives a power loss);
// one writer connection serialises transactions (BEGIN IMMEDIATE) while a few read-only
// connections serve Read() in parallel. An in-memory database uses a single connection.
Result<std::unique_ptr<Database>> OpenSqliteDatabase(std::string_view path);

}  // namespace plenary::storage
