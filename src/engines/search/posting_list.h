#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engines/search/bytes.h"

namespace plenary::search {

// A document's place in the index: documents are numbered 0, 1, 2... in the order added.
using DocNumber = uint32_t;
inline constexpr DocNumber kNoDoc = std::numeric_limits<DocNumber>::max();
// A gap shares 32 bits with a 2-bit frequency code.
inline constexpr DocNumber kMaxDocs = DocNumber{1} << 30;

// One term's documents in increasing order, each with the term's frequency in it, compressed:
// a posting is one varint of (gap to the previous document << 2 | frequency code), frequencies
// 1 to 3 in the code and larger ones in a second varint, so that most postings of a frequent
// term take one byte. Postings come in blocks of kBlockSize, each with its last document, so
// that a cursor can skip whole blocks when another term's next document is far ahead.
class PostingList {
 public:
  static constexpr int kBlockSize = 128;

  // `doc` must be greater than the last one added and below kMaxDocs; `frequency` >= 1.
  void Add(DocNumber doc, uint32_t frequency);

  int64_t size() const { return count_; }

  // The list as bytes (index.h's snapshot), and back: FromSnapshot checks everything a cursor
  // relies on (block offsets, varints ending where the next block starts, documents increasing
  // and below `docs`, frequencies >= 1), so a corrupt snapshot is refused, never read past.
  void AppendSnapshot(std::string& out) const;
  static std::optional<PostingList> FromSnapshot(bytes::Reader& in, DocNumber docs);
  size_t bytes() const { return bytes_.capacity() + blocks_.capacity() * sizeof(Block); }

  // Reads a list in document order. Valid while the list is not added to.
  class Cursor {
   public:
    explicit Cursor(const PostingList& list);
    // The current document, kNoDoc past the end.
    DocNumber doc() const { return doc_; }
    uint32_t frequency() const { return frequencies_[at_]; }
    void Next() {
      if (at_ + 1 < count_) {
        doc_ = docs_[++at_];
      } else {
        NextBlock();
      }
    }
    // Moves to the first document >= target (never backwards).
    void Advance(DocNumber target) {
      if (doc_ >= target) {
        return;
      }
      if (docs_[count_ - 1] < target) {
        SeekBlock(target);
        return;
      }
      while (docs_[at_] < target) {
        ++at_;
      }
      doc_ = docs_[at_];
    }

   private:
    void Load(size_t block);
    void NextBlock();
    // The block holding the first document >= target, after the current one.
    void SeekBlock(DocNumber target);

    const PostingList* list_;
    size_t block_ = 0;
    int at_ = 0;
    int count_ = 0;  // postings decoded from block_
    DocNumber doc_ = kNoDoc;
    std::array<DocNumber, kBlockSize> docs_;
    std::array<uint32_t, kBlockSize> frequencies_;
  };

 private:
  struct Block {
    DocNumber last_doc;
    uint32_t offset;  // of its first posting in bytes_
  };

  std::vector<uint8_t> bytes_;
  std::vector<Block> blocks_;
  int64_t count_ = 0;
  DocNumber last_doc_ = 0;
};

}  // namespace plenary::search
