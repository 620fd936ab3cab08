#pragma once

#include <sqlite3.h>

#include "core/result.h"

namespace plenary::storage {

// FTS5's tokenizer for text that is already a list of terms: `plenary_terms` splits at ASCII
// spaces and takes every token as it is, with no folding and no other separators. Search
// indexes whose terms are analysed before they are written (the contributions' index,
// migrations/0020) use it: FTS5's own `ascii` tokenizer gave the same tokens for such text, and
// scanned and copied every byte to do so (a fifth of what writing an analysed contribution's
// terms cost). Registered on every connection SqliteConnection::Open makes; a connection
// without it (the sqlite3 shell) cannot read those indexes.
Status RegisterTermsTokenizer(sqlite3* db);

}  // namespace plenary::storage
