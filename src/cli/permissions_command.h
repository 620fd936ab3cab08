#pragma once

#include <CLI/CLI.hpp>

namespace plenary::cli {

// `plenary permissions [--markdown]`: prints the permission table (JSON by default).
void AddPermissionsCommand(CLI::App& app);

}  // namespace plenary::cli
