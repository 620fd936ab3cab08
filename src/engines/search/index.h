#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "engines/search/posting_list.h"

namespace plenary::search {

// An in-memory inverted index of documents made of two token lists: their terms (analysed text,
// ranked) and their facets (filter values, matched exactly, never ranked). Tokens are separated
// by spaces, as Plenary's analyser writes them. Documents never change; each id is added once,
// in any order (a database may commit a lower id after a higher one); keeping an index in step
// with a database is the caller's job.
//
// Not thread-safe: a caller that adds while others search must hold a writer's lock to add
// and a reader's lock to search.
class Index {
 public:
  // Fails if `id` was added before or the index is full (kMaxDocs).
  Status Add(int64_t id, std::string_view terms, std::string_view facets);

  // The whole index as bytes, to be kept in a file and read back after a restart instead of
  // analysing every text again; FromSnapshot refuses bytes that are not such a snapshot,
  // truncated or corrupt (kInvalidArgument), after checking every offset and number the
  // searches rely on. Native byte order: a snapshot moves between machines of one kind.
  std::string Snapshot() const;
  static Result<Index> FromSnapshot(std::string_view bytes);

  int64_t size() const { return static_cast<int64_t>(ids_.size()); }
  // The largest id added; 0 when empty.
  int64_t max_id() const { return max_id_; }
  bool contains(int64_t id) const { return numbers_.contains(id); }
  // Memory held, approximately.
  size_t bytes() const;

  // For the ranking (ranking.h).
  static constexpr uint32_t kUnknown = UINT32_MAX;
  uint32_t TermNumber(std::string_view term) const;    // kUnknown if no document has it
  uint32_t FacetNumber(std::string_view facet) const;  // kUnknown if no document has it
  const PostingList& postings(uint32_t term) const { return postings_[term]; }
  const PostingList& facet_postings(uint32_t facet) const { return facet_postings_[facet]; }
  int64_t id(DocNumber doc) const { return ids_[doc]; }
  // Tokens in the document, terms and facets together (what FTS5 calls the row's size).
  uint32_t length(DocNumber doc) const { return lengths_[doc]; }
  int64_t total_length() const { return total_length_; }
  // The document's facet numbers, in the order given.
  std::span<const uint32_t> facets(DocNumber doc) const {
    return {facets_.data() + facet_starts_[doc], facets_.data() + facet_starts_[doc + 1]};
  }
  size_t facet_count() const { return facet_numbers_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Dictionary = std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>>;

  Dictionary term_numbers_;
  std::vector<PostingList> postings_;
  Dictionary facet_numbers_;
  std::vector<PostingList> facet_postings_;  // so that a rare filter can lead the search
  std::vector<int64_t> ids_;
  std::vector<uint32_t> lengths_;
  std::vector<uint32_t> facet_starts_ = {0};
  std::vector<uint32_t> facets_;
  int64_t total_length_ = 0;
  int64_t max_id_ = 0;
  std::unordered_map<int64_t, DocNumber> numbers_;  // of the ids, to refuse one added twice
  // Scratch for Add: the document's terms and counts, and by term its place there (kNoSlot
  // between documents).
  static constexpr uint32_t kNoSlot = UINT32_MAX;
  std::vector<std::pair<uint32_t, uint32_t>> scratch_;
  std::vector<uint32_t> term_slot_;
};

}  // namespace plenary::search
