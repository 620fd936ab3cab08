#pragma once

#include <CLI/CLI.hpp>

namespace plenary::cli {

// `plenary opinion analyze DIR --json [--groups FILE|polis]`: runs the opinion engine on a Polis
// export folder (votes.csv + comments.csv, or participants-votes.csv alone) and prints one JSON
// object with "k", "groups", "consensus", "repness", "gic" and "seconds".
// `plenary opinion import --db URL --process ID [DIR] [--votes F --comments F --participants F]`
// makes a conversation of a Polis export; `plenary opinion export --db URL --conversation ID
// --out DIR` writes one in the same formats.
void AddOpinionCommand(CLI::App& app);

}  // namespace plenary::cli

using plenary::cli::AddOpinionCommand;
