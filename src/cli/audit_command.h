#pragma once

#include <CLI/CLI.hpp>

namespace plenary::cli {

// `plenary audit verify --db URL`: walks the audit trail's hash chain. Exit 0 with
// "N entries, chain intact" when it is whole; exit 1 with "entry K: <what is wrong>" naming the
// first broken (or missing) entry; exit 2 when the database cannot be read.
void AddAuditCommand(CLI::App& app);

}  // namespace plenary::cli

using plenary::cli::AddAuditCommand;
