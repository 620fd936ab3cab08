#include "engines/search/index.h"

#include <algorithm>

#include <fmt/format.h>

namespace plenary::search {

namespace {

// Calls `f` for each space-separated token of `text`.
template <typename F>
void ForEachToken(std::string_view text, F&& f) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find(' ', at);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    if (end > at) {
      f(text.substr(at, end - at));
    }
    at = end + 1;
  }
}

uint32_t Intern(auto& dictionary, std::string_view token, auto on_new) {
  auto found = dictionary.find(token);
  if (found != dictionary.end()) {
    return found->second;
  }
  auto number = static_cast<uint32_t>(dictionary.size());
  dictionary.emplace(std::string(token), number);
  on_new();
  return number;
}

}  // namespace

Status Index::Add(int64_t id, std::string_view terms, std::string_view facets) {
  if (!ids_.empty() && id <= ids_.back()) {
    return InvalidArgument(fmt::format(
        "search index: document {} added after {}: ids must increase", id, ids_.back()));
  }
  if (ids_.size() >= kMaxDocs) {
    return ResourceExhausted(fmt::format("search index: full at {} documents", kMaxDocs));
  }
  auto doc = static_cast<DocNumber>(ids_.size());
  uint32_t length = 0;
  scratch_.clear();
  ForEachToken(terms, [&](std::string_view token) {
    ++length;
    scratch_.emplace_back(Intern(term_numbers_, token, [&] { postings_.emplace_back(); }), 1);
  });
  // A posting per distinct term, with its count.
  std::sort(scratch_.begin(), scratch_.end());
  size_t distinct = 0;
  for (size_t i = 0; i < scratch_.size(); ++i) {
    if (distinct > 0 && scratch_[distinct - 1].first == scratch_[i].first) {
      ++scratch_[distinct - 1].second;
    } else {
      scratch_[distinct++] = scratch_[i];
    }
  }
  for (size_t i = 0; i < distinct; ++i) {
    postings_[scratch_[i].first].Add(doc, scratch_[i].second);
  }
  size_t first_facet = facets_.size();
  ForEachToken(facets, [&](std::string_view token) {
    ++length;
    uint32_t facet = Intern(facet_numbers_, token, [&] { facet_postings_.emplace_back(); });
    // A facet given twice is posted once.
    if (std::find(facets_.begin() + static_cast<std::ptrdiff_t>(first_facet), facets_.end(),
                  facet) == facets_.end()) {
      facet_postings_[facet].Add(doc, 1);
    }
    facets_.push_back(facet);
  });
  facet_starts_.push_back(static_cast<uint32_t>(facets_.size()));
  ids_.push_back(id);
  lengths_.push_back(length);
  total_length_ += length;
  return Status::Ok();
}

uint32_t Index::TermNumber(std::string_view term) const {
  auto found = term_numbers_.find(term);
  return found == term_numbers_.end() ? kUnknown : found->second;
}

uint32_t Index::FacetNumber(std::string_view facet) const {
  auto found = facet_numbers_.find(facet);
  return found == facet_numbers_.end() ? kUnknown : found->second;
}

size_t Index::bytes() const {
  size_t out = ids_.capacity() * sizeof(int64_t) + lengths_.capacity() * sizeof(uint32_t) +
               (facet_starts_.capacity() + facets_.capacity()) * sizeof(uint32_t);
  for (const auto* lists : {&postings_, &facet_postings_}) {
    for (const PostingList& list : *lists) {
      out += list.bytes() + sizeof(PostingList);
    }
  }
  return out + (term_numbers_.size() + facet_numbers_.size()) * 48;
}

}  // namespace plenary::search
