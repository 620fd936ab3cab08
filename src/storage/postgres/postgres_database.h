#pragma once

#include <memory>
#include <string_view>

#include "core/result.h"
#include "storage/database.h"

namespace plenary::storage {

// Opens a pool of connections to the PostgreSQL server named by `url` ("postgresql://..." or
// "host=... dbname=..."). kInvalidArgument for a malformed URL, kUnavailable when the server
// cannot be reached (a connect_timeout of 5 s is added unless the URL has one).
//
// Write transactions take one transaction-scoped advisory lock, so they run one at a time per
// database, as on SQLite: read-modify-write code behaves the same on both backends. Read() runs
// in a REPEATABLE READ READ ONLY transaction (one snapshot) and does not wait for writers.
Result<std::unique_ptr<Database>> OpenPostgresDatabase(std::string_view url);

// Runs one statement on a fresh connection outside any transaction, for the statements that
// refuse to run inside one (CREATE DATABASE, DROP DATABASE). For tools and tests.
Status ExecuteOutsideTransaction(std::string_view url, std::string_view sql);

}  // namespace plenary::storage
