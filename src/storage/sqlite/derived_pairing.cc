#include "storage/sqlite/derived_pairing.h"

#include <filesystem>
#include <random>
#include <system_error>

#include <fmt/format.h>

#include "core/log.h"
#include "storage/sqlite/sqlite_database.h"

namespace plenary::storage {
namespace {

Result<int64_t> ReadToken(Connection& c) {
  ASSIGN_OR_RETURN(Rows rows, c.Query("PRAGMA user_version"));
  return rows.empty() ? int64_t{0} : rows.rows[0].Int(0);
}

// The main file's token, given to it now if it has none (in a write transaction, so that two
// processes opening a new file at once agree on one).
Result<int64_t> MainToken(SqliteConnection& main) {
  int64_t token = 0;
  RETURN_IF_ERROR(main.RunTransaction("BEGIN IMMEDIATE", [&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(token, ReadToken(c));
    if (token != 0) {
      return Status::Ok();
    }
    std::random_device random;
    std::uniform_int_distribution<int64_t> draw(1, INT32_MAX);
    token = draw(random);
    return c.ExecuteScript(fmt::format("PRAGMA user_version = {}", token));
  }));
  return token;
}

// Whether the derived file carries `token`, giving it `token` when it has none.
Result<bool> TakeToken(SqliteConnection& derived, int64_t token) {
  bool ours = false;
  RETURN_IF_ERROR(derived.RunTransaction("BEGIN IMMEDIATE", [&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(int64_t found, ReadToken(c));
    ours = found == token;
    if (found != 0) {
      return Status::Ok();
    }
    ours = true;
    return c.ExecuteScript(fmt::format("PRAGMA user_version = {}", token));
  }));
  return ours;
}

Result<std::unique_ptr<SqliteConnection>> OpenDerived(const std::string& path) {
  ASSIGN_OR_RETURN(auto derived, SqliteConnection::Open(path, /*read_only=*/false));
  // Derived data is rebuilt after a loss: its commits need not wait for a sync. NORMAL in WAL
  // mode never corrupts the file; a power loss may undo the last commits.
  RETURN_IF_ERROR(derived->ExecuteScript("PRAGMA synchronous=NORMAL"));
  return derived;
}

}  // namespace

Result<std::unique_ptr<SqliteConnection>> OpenPairedDerivedFile(SqliteConnection& main,
                                                                const std::string& main_path) {
  ASSIGN_OR_RETURN(int64_t token, MainToken(main));
  const std::string path = DerivedFilePath(main_path);
  ASSIGN_OR_RETURN(auto derived, OpenDerived(path));
  ASSIGN_OR_RETURN(bool ours, TakeToken(*derived, token));
  if (ours) {
    return derived;
  }
  log::Warn("derived_file_replaced", {{"file", path}, {"why", "it belongs to another database"}});
  derived.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ec;
    std::filesystem::remove(path + suffix, ec);
    if (ec) {
      return Error(Unavailable(fmt::format("cannot remove {}{}: {}", path, suffix, ec.message())));
    }
  }
  ASSIGN_OR_RETURN(derived, OpenDerived(path));
  ASSIGN_OR_RETURN(ours, TakeToken(*derived, token));
  if (!ours) {
    return Error(Internal(fmt::format("{} was recreated but does not take its token", path)));
  }
  return derived;
}

}  // namespace plenary::storage
