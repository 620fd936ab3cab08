#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "consultation/store.h"

// Bulk import's settings of the search index (store_bulk.cc; the statements are in store.h).
namespace plenary::consultation::store {

// FTS5's merge and buffer settings of contribution_index as they were before a bulk import.
struct IndexSettings {
  std::vector<std::pair<std::string, int64_t>> values;  // (option, value)
};

// On SQLite, sets contribution_index for writing many rows a transaction: terms buffered up to
// 32 MiB before FTS5 writes a segment (else one segment a MiB of terms, merged again at once),
// and segments merged 16 at a time instead of 4 (fewer rewrites of the same postings: the
// writer's CPU a contribution fell by about 10 us, a sixth, over bench/intake's 100,000). Returns
// the settings to restore with EndBulkIndexing (FTS5's defaults for values equal to the bulk ones:
// left by an import that was killed before it could set them back). Nothing on PostgreSQL. Searches
// are unchanged; FTS5 has more segments to read until later writes merge them.
Result<IndexSettings> BeginBulkIndexing(Connection& db);
Status EndBulkIndexing(Connection& db, const IndexSettings& saved);

}  // namespace plenary::consultation::store
