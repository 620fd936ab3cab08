#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "auth/permissions.h"
#include "core/result.h"
#include "privacy/holder.h"
#include "storage/database.h"

namespace plenary::app {

struct Config {
  std::string db_url = "sqlite:var/plenary.db";
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  bool load_demo_if_empty = true;  // first start of `plenary serve` shows the WGEC
  int worker_threads = 0;
  bool access_log = true;
  int read_timeout_seconds = 15;     // slow clients are cut off after this
  size_t max_body_bytes = 16 << 20;  // larger request bodies get 413
  int cache_ttl_ms = 1000;           // public responses reused this long; 0 disables
  std::string base_url;              // for links in mail; "" = http://host:port
  int argon2_ops = 2;                // password hashing cost (libsodium's interactive preset)
  int argon2_memory_mib = 64;
  // Searches answered from an in-memory index kept in step with the database; false: by the
  // database's full-text index.
  bool memory_search = true;
  // The in-memory index's snapshot file, read at start and written at stop and now and then:
  // "" = beside an SQLite file ("<db>.search-index"); none for PostgreSQL unless given.
  std::string search_snapshot;
  int min_campaign = 10;  // near-identical contributions that make a campaign
};

// Opens the database, bringing its schema and reference data up to date first.
Result<std::unique_ptr<storage::Database>> OpenMigratedDatabase(const std::string& db_url);

// Creates or updates the schema and the reference data. Returns the migrations applied.
Result<int> MigrateDatabase(const std::string& db_url);

// Loads the WGEC demo into a database that holds no process yet; kFailedPrecondition otherwise.
// Returns the new process id.
Result<int64_t> LoadDemo(const std::string& db_url);

// The whole permission table: every module's rows, in the order the modules are installed.
// Serve() refuses to start when a row has no route or a route no row.
std::vector<const auth::Action*> PermissionTable();

// Every module's holder of personal data, for data-protection requests, in the order they
// run: the accounts last, since the others find the person's email through the account.
std::vector<privacy::Holder> PersonalDataHolders();

// Migrates, loads the demo on first start when asked, installs every module and serves until
// SIGINT/SIGTERM. `on_listening` (optional) is told the bound port.
Status Serve(const Config& config, const std::function<void(uint16_t)>& on_listening = {});

}  // namespace plenary::app
