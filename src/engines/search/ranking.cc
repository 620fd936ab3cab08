#include "engines/search/ranking.h"

#include <algorithm>
#include <cmath>
#include <queue>

namespace plenary::search {

namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

// One phrase of the query: a term's cursor and its idf.
struct Phrase {
  PostingList::Cursor cursor;
  double idf;
};

// What a match must contain: a word (any of its alternatives) or a filter (any of its facet
// tokens), as the union of their lists.
struct Conjunct {
  std::vector<PostingList::Cursor*> cursors;
  int64_t size = 0;  // postings of all, to visit the rarest first

  DocNumber doc() const {
    DocNumber out = kNoDoc;
    for (const PostingList::Cursor* c : cursors) {
      out = std::min(out, c->doc());
    }
    return out;
  }
  void Advance(DocNumber target) {
    for (PostingList::Cursor* c : cursors) {
      c->Advance(target);
    }
  }
};

// A filter checked against each match's facets, as a bitmap over the index's facet numbers.
struct Filter {
  std::vector<uint8_t> accepts;
  bool Passes(std::span<const uint32_t> facets) const {
    for (uint32_t f : facets) {
      if (accepts[f]) {
        return true;
      }
    }
    return false;
  }
};

// For a heap whose top is the worst of the best: lower score, then higher id.
struct Better {
  bool operator()(const Hit& a, const Hit& b) const {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  }
};

}  // namespace

std::vector<Hit> Search(const Index& index, const Query& query, size_t k,
                        const std::unordered_set<int64_t>& excluded) {
  std::vector<Hit> out;
  if (k == 0 || query.words.empty() || index.size() == 0) {
    return out;
  }
  const auto n = static_cast<double>(index.size());
  const double avgdl = static_cast<double>(index.total_length()) / n;

  // Phrases in the query's order, the order the score adds them up in. Reserved: conjuncts
  // point into these vectors.
  size_t alternatives = 0;
  size_t tokens = 0;
  for (const auto& word : query.words) {
    alternatives += word.size();
  }
  for (const auto& filter : query.filters) {
    tokens += filter.size();
  }
  std::vector<Phrase> phrases;
  phrases.reserve(alternatives);
  std::vector<PostingList::Cursor> facet_cursors;
  facet_cursors.reserve(tokens);
  std::vector<Conjunct> conjuncts;
  for (const auto& word : query.words) {
    Conjunct conjunct;
    for (const std::string& term : word) {
      uint32_t number = index.TermNumber(term);
      if (number == Index::kUnknown) {
        continue;  // adds nothing to any score; the word may still match by another form
      }
      const PostingList& list = index.postings(number);
      auto hits = static_cast<double>(list.size());
      double idf = std::log((n - hits + 0.5) / (hits + 0.5));
      phrases.push_back({PostingList::Cursor(list), idf <= 0.0 ? 1e-6 : idf});
      conjunct.cursors.push_back(&phrases.back().cursor);
      conjunct.size += list.size();
    }
    if (conjunct.cursors.empty()) {
      return out;  // a required word no document has
    }
    conjuncts.push_back(std::move(conjunct));
  }
  const int64_t rarest_word =
      std::min_element(conjuncts.begin(), conjuncts.end(), [](const auto& a, const auto& b) {
        return a.size < b.size;
      })->size;
  // A filter rarer than every word leads the search through its own lists; the others are
  // checked on each match, which costs less than walking a long list beside the words.
  std::vector<Filter> filters;
  for (const auto& tokens_of_filter : query.filters) {
    Filter filter{std::vector<uint8_t>(index.facet_count(), 0)};
    Conjunct conjunct;
    for (const std::string& token : tokens_of_filter) {
      uint32_t number = index.FacetNumber(token);
      if (number != Index::kUnknown && !filter.accepts[number]) {
        filter.accepts[number] = 1;
        const PostingList& list = index.facet_postings(number);
        facet_cursors.emplace_back(list);
        conjunct.cursors.push_back(&facet_cursors.back());
        conjunct.size += list.size();
      }
    }
    if (conjunct.cursors.empty()) {
      return out;  // a required filter no document passes
    }
    if (conjunct.size < rarest_word) {
      conjuncts.push_back(std::move(conjunct));
    } else {
      filters.push_back(std::move(filter));
    }
  }
  // The rarest leads; the others are advanced to its documents.
  std::sort(conjuncts.begin(), conjuncts.end(),
            [](const Conjunct& a, const Conjunct& b) { return a.size < b.size; });

  std::priority_queue<Hit, std::vector<Hit>, Better> best;
  auto consider = [&](DocNumber doc) {
    for (const Filter& f : filters) {
      if (!f.Passes(index.facets(doc))) {
        return;
      }
    }
    const double norm = kK1 * (1 - kB + kB * static_cast<double>(index.length(doc)) / avgdl);
    double score = 0;
    for (const Phrase& p : phrases) {
      if (p.cursor.doc() == doc) {
        auto f = static_cast<double>(p.cursor.frequency());
        score += p.idf * ((f * (kK1 + 1.0)) / (f + norm));
      }
    }
    if (best.size() == k && score < best.top().score) {
      return;
    }
    int64_t id = index.id(doc);
    if ((best.size() == k && score == best.top().score && id > best.top().id) ||
        excluded.contains(id)) {
      return;
    }
    best.push({id, score});
    if (best.size() > k) {
      best.pop();
    }
  };

  Conjunct& lead = conjuncts[0];
  DocNumber doc = lead.doc();
  while (doc != kNoDoc) {
    DocNumber next = doc;
    for (size_t c = 1; c < conjuncts.size() && next == doc; ++c) {
      conjuncts[c].Advance(doc);
      next = conjuncts[c].doc();
    }
    if (next == doc) {
      consider(doc);
      next = doc + 1;
    }
    lead.Advance(next);
    doc = lead.doc();
  }
  out.resize(best.size());
  for (size_t i = out.size(); i-- > 0;) {
    out[i] = best.top();
    best.pop();
  }
  return out;
}

}  // namespace plenary::search
