#pragma once

#include <CLI/CLI.hpp>

namespace plenary::cli {

// `plenary serve`, `plenary migrate`, `plenary demo`.
void AddServerCommands(CLI::App& app);

}  // namespace plenary::cli
