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
  if (numbers_.contains(id)) {
    return InvalidArgument(fmt::format("search index: document {} is already in", id));
  }
  if (ids_.size() >= kMaxDocs) {
    return ResourceExhausted(fmt::format("search index: full at {} documents", kMaxDocs));
  }
  auto doc = static_cast<DocNumber>(ids_.size());
  uint32_t length = 0;
  // A posting per distinct term, with its count: each term's slot in scratch_ is found through
  // term_slot_ (cleared again after), in the order the terms first appear.
  scratch_.clear();
  ForEachToken(terms, [&](std::string_view token) {
    ++length;
    const uint32_t term = Intern(term_numbers_, token, [&] { postings_.emplace_back(); });
    if (term >= term_slot_.size()) {
      term_slot_.resize(postings_.size(), kNoSlot);
    }
    uint32_t& slot = term_slot_[term];
    if (slot == kNoSlot) {
      slot = static_cast<uint32_t>(scratch_.size());
      scratch_.emplace_back(term, 1);
    } else {
      ++scratch_[slot].second;
    }
  });
  for (const auto& [term, count] : scratch_) {
    postings_[term].Add(doc, count);
    term_slot_[term] = kNoSlot;
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
  numbers_.emplace(id, doc);
  max_id_ = std::max(max_id_, id);
  lengths_.push_back(length);
  total_length_ += length;
  return Status::Ok();
}

namespace {

constexpr std::string_view kMagic = "PLENARY-SEARCH-INDEX-1\n";

void PutDictionary(std::string& out, const auto& dictionary,
                   const std::vector<PostingList>& lists) {
  std::vector<std::string_view> tokens(dictionary.size());
  for (const auto& [token, number] : dictionary) {
    tokens[number] = token;
  }
  bytes::Put<uint64_t>(out, tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    bytes::PutArray(out, tokens[i].data(), tokens[i].size());
    lists[i].AppendSnapshot(out);
  }
}

bool GetDictionary(bytes::Reader& in, auto& dictionary, std::vector<PostingList>& lists,
                   DocNumber docs) {
  auto count = in.Get<uint64_t>();
  if (!count || *count > kMaxDocs) {
    return false;
  }
  for (uint64_t i = 0; i < *count; ++i) {
    std::string token;
    if (!in.GetString(token, 1 << 20)) {
      return false;
    }
    auto list = PostingList::FromSnapshot(in, docs);
    if (!list || !dictionary.emplace(std::move(token), static_cast<uint32_t>(i)).second) {
      return false;  // a token twice
    }
    lists.push_back(std::move(*list));
  }
  return true;
}

}  // namespace

std::string Index::Snapshot() const {
  std::string out(kMagic);
  bytes::Put<int64_t>(out, total_length_);
  bytes::PutArray(out, ids_.data(), ids_.size());
  bytes::PutArray(out, lengths_.data(), lengths_.size());
  bytes::PutArray(out, facet_starts_.data(), facet_starts_.size());
  bytes::PutArray(out, facets_.data(), facets_.size());
  PutDictionary(out, term_numbers_, postings_);
  PutDictionary(out, facet_numbers_, facet_postings_);
  return out;
}

Result<Index> Index::FromSnapshot(std::string_view snapshot) {
  auto refuse = [](std::string_view what) {
    return Error(InvalidArgument(fmt::format("search index snapshot: {}", what)));
  };
  if (!snapshot.starts_with(kMagic)) {
    return refuse("not a snapshot of this version");
  }
  bytes::Reader in(snapshot.substr(kMagic.size()));
  Index index;
  auto total = in.Get<int64_t>();
  if (!total || !in.GetArray<int64_t>(index.ids_, kMaxDocs)) {
    return refuse("truncated");
  }
  const uint64_t docs = index.ids_.size();
  if (!in.GetArray<uint32_t>(index.lengths_, docs) || index.lengths_.size() != docs ||
      !in.GetArray<uint32_t>(index.facet_starts_, docs + 1) ||
      index.facet_starts_.size() != docs + 1 || !in.GetArray<uint32_t>(index.facets_, UINT32_MAX)) {
    return refuse("truncated document tables");
  }
  int64_t sum = 0;
  for (size_t d = 0; d < docs; ++d) {
    sum += index.lengths_[d];
    if (index.facet_starts_[d] > index.facet_starts_[d + 1] ||
        !index.numbers_.emplace(index.ids_[d], static_cast<DocNumber>(d)).second) {
      return refuse("document tables out of order");
    }
    index.max_id_ = std::max(index.max_id_, index.ids_[d]);
  }
  if (sum != *total || index.facet_starts_.front() != 0 ||
      index.facet_starts_.back() != index.facets_.size()) {
    return refuse("document tables inconsistent");
  }
  index.total_length_ = *total;
  auto doc_count = static_cast<DocNumber>(docs);
  if (!GetDictionary(in, index.term_numbers_, index.postings_, doc_count) ||
      !GetDictionary(in, index.facet_numbers_, index.facet_postings_, doc_count) || !in.empty()) {
    return refuse("corrupt term or facet lists");
  }
  for (uint32_t facet : index.facets_) {
    if (facet >= index.facet_postings_.size()) {
      return refuse("a document's facet out of range");
    }
  }
  return index;
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
  size_t out = ids_.capacity() * sizeof(int64_t) + numbers_.size() * 32 +
               lengths_.capacity() * sizeof(uint32_t) +
               (facet_starts_.capacity() + facets_.capacity()) * sizeof(uint32_t);
  for (const auto* lists : {&postings_, &facet_postings_}) {
    for (const PostingList& list : *lists) {
      out += list.bytes() + sizeof(PostingList);
    }
  }
  out += term_slot_.capacity() * sizeof(uint32_t);
  return out + (term_numbers_.size() + facet_numbers_.size()) * 48;
}

}  // namespace plenary::search
