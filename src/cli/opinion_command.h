#pragma once

#include <CLI/CLI.hpp>

namespace plenary::cli {

// `plenary opinion analyze DIR --json [--groups FILE|polis]`: runs the opinion engine on a Polis
// export folder (votes.csv + comments.csv, or participants-votes.csv alone) and prints one JSON
// object with "k", "groups", "consensus", "repness", "gic" and "seconds".
// (`opinion import` / `opinion export --db` wait for the storage layer.)
void AddOpinionCommand(CLI::App& app);

}  // namespace plenary::cli

using plenary::cli::AddOpinionCommand;
