#pragma once

#include <CLI/CLI.hpp>

namespace plenary::cli {

// `plenary import contributions --db URL --call ID FILE`: bulk intake of CSV or JSON Lines,
// with a progress bar on a terminal and a summary of what was refused and why.
void AddImportCommand(CLI::App& app);

}  // namespace plenary::cli
