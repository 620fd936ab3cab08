#pragma once

#include <CLI/CLI.hpp>

namespace plenary::cli {

// `plenary user add --db URL --email E --name N [--process ID --role ROLE] --password-stdin`.
void AddUserCommand(CLI::App& app);

}  // namespace plenary::cli
