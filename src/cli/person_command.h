#pragma once

#include <CLI/CLI.hpp>

namespace plenary::cli {

// `plenary person export|erase --db URL (--email E | --user-id N)`: data-protection requests.
// export prints everything held about the person as JSON; erase (with --yes) pseudonymises
// them everywhere in one transaction and prints what was done and what was kept, and why.
void AddPersonCommand(CLI::App& app);

}  // namespace plenary::cli
