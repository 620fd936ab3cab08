#include "engines/search/posting_list.h"

#include <algorithm>

namespace plenary::search {

namespace {

void PutVarint(std::vector<uint8_t>& out, uint32_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<uint8_t>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<uint8_t>(value));
}

uint32_t GetVarint(const uint8_t*& p) {
  uint32_t value = *p & 0x7f;
  int shift = 7;
  while (*p++ & 0x80) {
    value |= static_cast<uint32_t>(*p & 0x7f) << shift;
    shift += 7;
  }
  return value;
}

// GetVarint with bounds: nullopt when the varint runs past `end` or over 32 bits.
std::optional<uint32_t> GetCheckedVarint(const uint8_t*& p, const uint8_t* end) {
  uint64_t value = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (p == end) {
      return std::nullopt;
    }
    uint8_t byte = *p++;
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      return value <= UINT32_MAX ? std::optional<uint32_t>(static_cast<uint32_t>(value))
                                 : std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

void PostingList::AppendSnapshot(std::string& out) const {
  bytes::Put<int64_t>(out, count_);
  bytes::Put<DocNumber>(out, last_doc_);
  bytes::PutArray(out, blocks_.data(), blocks_.size());
  bytes::PutArray(out, bytes_.data(), bytes_.size());
}

std::optional<PostingList> PostingList::FromSnapshot(bytes::Reader& in, DocNumber docs) {
  PostingList list;
  auto count = in.Get<int64_t>();
  auto last_doc = in.Get<DocNumber>();
  if (!count || !last_doc || *count < 0 || *count > docs ||
      !in.GetArray<Block>(list.blocks_,
                          (static_cast<uint64_t>(docs) + kBlockSize - 1) / kBlockSize) ||
      !in.GetArray<uint8_t>(list.bytes_, uint64_t{10} * static_cast<uint64_t>(*count))) {
    return std::nullopt;
  }
  list.count_ = *count;
  list.last_doc_ = *last_doc;
  if (list.blocks_.size() != static_cast<size_t>((*count + kBlockSize - 1) / kBlockSize)) {
    return std::nullopt;
  }
  const uint8_t* end = list.bytes_.data() + list.bytes_.size();
  int64_t seen = 0;
  int64_t previous = -1;
  for (size_t b = 0; b < list.blocks_.size(); ++b) {
    const Block& block = list.blocks_[b];
    size_t stop = b + 1 < list.blocks_.size() ? list.blocks_[b + 1].offset : list.bytes_.size();
    if (block.offset > stop || stop > list.bytes_.size()) {
      return std::nullopt;
    }
    const uint8_t* p = list.bytes_.data() + block.offset;
    const uint8_t* block_end = list.bytes_.data() + stop;
    int in_block = static_cast<int>(std::min<int64_t>(kBlockSize, *count - seen));
    uint64_t doc = 0;
    for (int i = 0; i < in_block; ++i) {
      auto word = GetCheckedVarint(p, block_end);
      if (!word) {
        return std::nullopt;
      }
      doc += *word >> 2;
      if ((*word & 3) == 3 && !GetCheckedVarint(p, block_end)) {
        return std::nullopt;
      }
      if (static_cast<int64_t>(doc) <= previous || doc >= docs) {
        return std::nullopt;
      }
      previous = static_cast<int64_t>(doc);
    }
    if (p != block_end || block.last_doc != doc) {
      return std::nullopt;
    }
    seen += in_block;
  }
  if (end != list.bytes_.data() + list.bytes_.size() || (seen > 0 && previous != *last_doc)) {
    return std::nullopt;
  }
  return list;
}

void PostingList::Add(DocNumber doc, uint32_t frequency) {
  // The first posting of a block is stored as its gap from 0, so a block decodes on its own.
  bool first_of_block = count_ % kBlockSize == 0;
  if (first_of_block) {
    blocks_.push_back({doc, static_cast<uint32_t>(bytes_.size())});
  }
  uint32_t gap = first_of_block ? doc : doc - last_doc_;
  uint32_t code = frequency <= 3 ? frequency - 1 : 3;
  // The gap shares a 32-bit word with the code: documents are numbered below kMaxDocs.
  PutVarint(bytes_, gap << 2 | code);
  if (code == 3) {
    PutVarint(bytes_, frequency - 4);
  }
  blocks_.back().last_doc = doc;
  last_doc_ = doc;
  ++count_;
}

PostingList::Cursor::Cursor(const PostingList& list) : list_(&list) {
  if (!list.blocks_.empty()) {
    Load(0);
  }
}

void PostingList::Cursor::Load(size_t block) {
  block_ = block;
  at_ = 0;
  const PostingList& list = *list_;
  count_ = static_cast<int>(
      std::min<int64_t>(kBlockSize, list.count_ - static_cast<int64_t>(block) * kBlockSize));
  const uint8_t* p = list.bytes_.data() + list.blocks_[block].offset;
  DocNumber doc = 0;
  for (int i = 0; i < count_; ++i) {
    uint32_t word = GetVarint(p);
    uint32_t code = word & 3;
    doc += word >> 2;
    docs_[i] = doc;
    frequencies_[i] = code < 3 ? code + 1 : GetVarint(p) + 4;
  }
  doc_ = docs_[0];
}

void PostingList::Cursor::NextBlock() {
  if (doc_ == kNoDoc) {
    return;
  }
  if (block_ + 1 < list_->blocks_.size()) {
    Load(block_ + 1);
  } else {
    doc_ = kNoDoc;
  }
}

void PostingList::Cursor::SeekBlock(DocNumber target) {
  const auto& blocks = list_->blocks_;
  auto next =
      std::lower_bound(blocks.begin() + static_cast<std::ptrdiff_t>(block_) + 1, blocks.end(),
                       target, [](const Block& b, DocNumber t) { return b.last_doc < t; });
  if (next == blocks.end()) {
    at_ = count_ - 1;  // so that Next stays at the end
    doc_ = kNoDoc;
    return;
  }
  Load(static_cast<size_t>(next - blocks.begin()));
  while (docs_[at_] < target) {
    ++at_;
  }
  doc_ = docs_[at_];
}

}  // namespace plenary::search
