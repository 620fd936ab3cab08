#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "storage/sqlite/sqlite_connection.h"

namespace plenary::storage {

// Opens the derived file of the main file at `main_path` (whose writer is `main`), making sure
// that it belongs to that main file. Both files carry the main file's token in SQLite's
// user_version header field: a random positive number given to the main file at its first
// open. A derived file with another token was left beside a main file that was recreated, or
// replaced by another database's file: it is removed and comes back empty, to be rebuilt (its
// tables by Migrate, its data by the modules that derive it, which find it empty). A derived
// file without a token (new, or from before tokens) takes the main file's.
//
// (A main file restored from its own backup keeps its token: the derived file is then ahead of
// it, which the modules notice by its contents; see consultation::ReconcileIndex.)
Result<std::unique_ptr<SqliteConnection>> OpenPairedDerivedFile(SqliteConnection& main,
                                                                const std::string& main_path);

}  // namespace plenary::storage
