#include "cli/audit_command.h"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "audit/trail.h"
#include "storage/database.h"

namespace plenary::cli {
namespace {

constexpr int kIntact = 0;
constexpr int kBroken = 1;
constexpr int kCannotRead = 2;

int VerifyChain(const std::string& url) {
  auto db = storage::OpenDatabase(url);
  if (!db) {
    std::cerr << "plenary: " << db.error().ToString() << "\n";
    return kCannotRead;
  }
  auto report = audit::Verify(**db);
  if (!report) {
    std::cerr << "plenary: cannot read the audit trail (has `plenary migrate` been run?): "
              << report.error().ToString() << "\n";
    return kCannotRead;
  }
  if (!report->intact()) {
    std::cout << "entry " << report->broken_id << ": " << report->what << "\n";
    std::cout << "(" << report->entries << (report->entries == 1 ? " entry" : " entries")
              << " before it are intact)\n";
    return kBroken;
  }
  std::cout << report->entries << (report->entries == 1 ? " entry" : " entries")
            << ", chain intact";
  if (report->entries > 0) {
    std::cout << " (head: entry " << report->last_id << ", sha256 " << report->last_hash << ")";
  }
  std::cout << "\n";
  return kIntact;
}

}  // namespace

void AddAuditCommand(CLI::App& app) {
  CLI::App* audit = app.add_subcommand("audit", "Check the tamper-evident audit trail");
  audit->require_subcommand(1);
  auto url = std::make_shared<std::string>("sqlite:var/plenary.db");
  CLI::App* verify =
      audit->add_subcommand("verify", "Check the hash chain and name the first broken entry");
  verify
      ->add_option("--db", *url,
                   "Database: sqlite:PATH or a PostgreSQL connection string (postgresql://... or "
                   "host=...)")
      ->envname("PLENARY_DB")
      ->capture_default_str();
  verify->callback([url] { std::exit(VerifyChain(*url)); });
}

}  // namespace plenary::cli
