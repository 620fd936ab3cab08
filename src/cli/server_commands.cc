#include "cli/server_commands.h"

#include <cstdlib>
#include <iostream>
#include <memory>

#include "app/application.h"
#include "app/sandboxed_extraction.h"

namespace plenary::cli {
namespace {

constexpr const char* kDbHelp =
    "Database: sqlite:PATH or a PostgreSQL connection string (postgresql://... or host=...)";

int Report(const Status& status) {
  if (status.ok()) {
    return 0;
  }
  std::cerr << "plenary: " << status.ToString() << "\n";
  return 1;
}

}  // namespace

void AddServerCommands(CLI::App& app) {
  auto config = std::make_shared<app::Config>();
  auto no_demo = std::make_shared<bool>(false);
  CLI::App* serve = app.add_subcommand("serve", "Serve the web pages and the JSON API");
  serve->add_option("--host", config->host, "Address to listen on")
      ->envname("PLENARY_HOST")
      ->capture_default_str();
  serve->add_option("--port", config->port, "Port to listen on (0 picks a free one)")
      ->envname("PLENARY_PORT")
      ->capture_default_str();
  serve->add_option("--db", config->db_url, kDbHelp)->envname("PLENARY_DB")->capture_default_str();
  serve->add_option("--workers", config->worker_threads, "Handler threads (0: one per core)")
      ->envname("PLENARY_WORKERS");
  serve
      ->add_option("--read-timeout", config->read_timeout_seconds,
                   "Seconds a client has to send a request before it is cut off")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve->add_option("--max-body-bytes", config->max_body_bytes, "Largest request body accepted")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 32))
      ->capture_default_str();
  serve
      ->add_option("--cache-ttl-ms", config->cache_ttl_ms,
                   "How long anonymous reads may be reused (0: never); writes clear it at once")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();
  serve
      ->add_option("--base-url", config->base_url,
                   "The site's public address, for links in mail (default: http://HOST:PORT)")
      ->envname("PLENARY_BASE_URL");
  serve
      ->add_option("--argon2-ops", config->argon2_ops,
                   "Argon2id passes for new password hashes (libsodium: 2 interactive, 4 moderate)")
      ->envname("PLENARY_ARGON2_OPS")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  serve
      ->add_option("--argon2-memory-mib", config->argon2_memory_mib,
                   "Argon2id memory per hash in MiB (64 interactive, 256 moderate)")
      ->envname("PLENARY_ARGON2_MEMORY_MIB")
      ->check(CLI::Range(8, 4096))
      ->capture_default_str();
  serve
      ->add_option("--min-campaign", config->min_campaign,
                   "Near-identical contributions that make a mass campaign")
      ->check(CLI::Range(2, 1 << 30))
      ->capture_default_str();
  serve->add_flag("--no-demo", *no_demo, "Do not load the WGEC demo into an empty database");
  serve->add_flag("!--no-access-log", config->access_log, "Do not log each request");
  serve->add_flag("!--no-memory-search", config->memory_search,
                  "Answer searches from the database's full-text index, not from memory");
  serve
      ->add_option("--search-snapshot", config->search_snapshot,
                   "File of the in-memory search index's snapshot, so that a restart does not "
                   "analyse every text again (default: beside an SQLite file; none for "
                   "PostgreSQL)")
      ->envname("PLENARY_SEARCH_SNAPSHOT");
  serve->callback([config, no_demo] {
    config->load_demo_if_empty = !*no_demo;
    std::exit(Report(app::Serve(*config, [](uint16_t port) {
      std::cout << "Plenary is serving on port " << port << " (Ctrl-C stops it)" << std::endl;
    })));
  });

  auto migrate_url = std::make_shared<std::string>("sqlite:var/plenary.db");
  // The server's sandboxed text extraction runs this in a child process (not for people).
  auto extract_name = std::make_shared<std::string>();
  auto sandbox = std::make_shared<app::SandboxLimits>();
  auto cpu_seconds = std::make_shared<int64_t>(sandbox->cpu.count());
  CLI::App* extract = app.add_subcommand("extract-text", "");
  extract->group("");  // hidden from --help
  extract->add_option("--name", *extract_name)->required();
  extract->add_option("--cpu-seconds", *cpu_seconds);
  extract->add_option("--memory-bytes", sandbox->memory_bytes);
  extract->callback([extract_name, sandbox, cpu_seconds] {
    sandbox->cpu = std::chrono::seconds(*cpu_seconds);
    std::exit(app::RunExtractionChild(*extract_name, *sandbox));
  });

  CLI::App* migrate = app.add_subcommand("migrate", "Create or update the database schema");
  migrate->add_option("--db", *migrate_url, kDbHelp)->envname("PLENARY_DB")->capture_default_str();
  migrate->callback([migrate_url] {
    auto applied = app::MigrateDatabase(*migrate_url);
    if (applied) {
      std::cout << "Applied " << *applied << " migration(s); the schema is up to date.\n";
    }
    std::exit(Report(applied ? Status::Ok() : applied.error()));
  });

  auto demo_url = std::make_shared<std::string>("sqlite:var/plenary.db");
  CLI::App* demo =
      app.add_subcommand("demo", "Load the WGEC 2016-2018 demo into an empty database");
  demo->add_option("--db", *demo_url, kDbHelp)->envname("PLENARY_DB")->capture_default_str();
  demo->callback([demo_url] {
    auto id = app::LoadDemo(*demo_url);
    if (id) {
      std::cout << "Loaded the WGEC demo as process " << *id << ".\n";
    }
    std::exit(Report(id ? Status::Ok() : id.error()));
  });
}

}  // namespace plenary::cli
