#pragma once

#include <CLI/CLI.hpp>

namespace plenary::cli {

// `plenary dedup FILE.jsonl --json [--threshold J] [--min-campaign N] [--threads T] [--personal]`:
// runs the near-duplicate engine on lines of {"id", "text"[, "arrival"]} and prints one JSON
// object: "clusters" (lists of ids, 2 or more each), "campaigns" (clusters of at least N, each
// with "ids", "representative" (an id), "representative_text", "count", arrival figures and, with
// --personal, every member's personal additions), "refused", "bad_lines" and "seconds".
// A malformed line is reported on stderr with its number and skipped.
void AddDedupCommand(CLI::App& app);

}  // namespace plenary::cli

using plenary::cli::AddDedupCommand;
