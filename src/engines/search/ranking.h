#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "engines/search/index.h"

namespace plenary::search {

struct Query {
  // Every word is required; a word matches any of its alternatives (a stem, the exact form).
  std::vector<std::vector<std::string>> words;
  // Every filter is required; a filter matches any of its facet tokens (a region's countries).
  std::vector<std::vector<std::string>> filters;
};

struct Hit {
  int64_t id = 0;
  double score = 0;  // higher is better
};

// The `k` best documents that match `query`, leaving out the ids in `excluded`, best first:
// higher score, then lower id. The score is Okapi BM25 as SQLite's FTS5 computes it (bm25() with
// the terms weighted 1 and the facets 0, k1 = 1.2, b = 0.75), term by term in the query's
// order, so that the order is FTS5's to the last bit: each alternative counts as a phrase,
// idf = ln((N - n + 0.5) / (n + 0.5)) (1e-6 when not positive) over all N documents, and a
// document's length counts its terms and facets.
//
// Every match is visited once, in document order (a conjunction that skips whole blocks of the
// longer lists), its filters checked against its facets and its score against the k-th best so
// far; only documents that would enter the top k are looked up in `excluded`.
std::vector<Hit> Search(const Index& index, const Query& query, size_t k,
                        const std::unordered_set<int64_t>& excluded = {});

}  // namespace plenary::search
