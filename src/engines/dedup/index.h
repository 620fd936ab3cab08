#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "engines/dedup/flat_table.h"
#include "engines/dedup/lsh.h"
#include "engines/dedup/options.h"
#include "engines/dedup/sketcher.h"
#include "engines/dedup/union_find.h"

namespace plenary::dedup {

using DocId = uint32_t;

struct Comment {
  std::string_view text;
  std::optional<Timestamp> arrival;  // when it was submitted, if known
};

// The near-duplicate index: comments are added one at a time or in batches, and each joins the
// clusters of the earlier comments it matches, without recomputing anything else. A comment
// matches another when their normalised texts are equal (exact fast path), or when LSH makes them
// candidates and their MinHash signatures agree on at least `threshold` of the bins. Clusters are
// the connected components of matches (union-find).
//
// Keeps no text: per distinct normalised text a 16-bit signature, per comment a few integers.
// Deterministic: the same options and the same comments in the same order give the same clusters,
// whatever the thread count. Not thread-safe; AddBatch uses its own threads internally.
class Index {
 public:
  // Errors: kInvalidArgument for unusable options; kInternal when ICU is unavailable.
  static Result<Index> Create(const Options& options = {});

  // Adds one comment and returns its id (0, 1, 2... in order of acceptance). Errors as
  // Sketcher::Compute: a refused comment gets no id and joins nothing.
  Result<DocId> Add(const Comment& comment);

  // Same result as Add on each comment in order, with sketches computed on options().threads
  // threads.
  std::vector<Result<DocId>> AddBatch(std::span<const Comment> comments);

  // Room for `docs` more comments without reallocating.
  void Reserve(size_t docs);

  size_t size() const { return doc_variant_.size(); }
  DocId ClusterOf(DocId doc) const { return clusters_.FindConst(doc); }
  size_t ClusterSize(DocId doc) const { return clusters_.SetSize(ClusterOf(doc)); }
  // Clusters of at least `min_size` members, members ascending, ordered by their first member.
  std::vector<std::vector<DocId>> Clusters(size_t min_size = 2) const;

  // Comments with the same normalised text share a variant; FirstOfVariant gives its first one.
  uint32_t VariantOf(DocId doc) const { return doc_variant_[doc]; }
  DocId FirstOfVariant(uint32_t variant) const { return variant_first_doc_[variant]; }
  size_t variant_count() const { return variant_first_doc_.size(); }
  std::optional<Timestamp> arrival(DocId doc) const;
  // Estimated Jaccard similarity of two comments' shingle sets.
  double EstimateSimilarity(DocId a, DocId b) const;

  const Options& options() const { return options_; }
  LshParams lsh_params() const { return lsh_; }
  size_t verifications() const { return verifications_; }
  size_t MemoryBytes() const;

 private:
  Index(const Options& options, LshParams lsh, std::vector<Sketcher> sketchers);
  DocId Insert(uint64_t exact_hash, std::span<const uint16_t> signature,
               std::span<const uint32_t> band_keys, std::optional<Timestamp> arrival);
  void JoinCandidates(DocId doc, uint32_t variant, std::span<const uint32_t> band_keys);
  std::span<const uint16_t> SignatureOf(uint32_t variant) const;
  // What AddBatch computes in parallel for one chunk of comments.
  struct ChunkBuffers {
    std::vector<uint64_t> exact;
    std::vector<uint16_t> signatures;
    std::vector<uint32_t> keys;
    std::vector<Status> statuses;
    std::atomic<size_t> next_block{0};
  };
  void PrepareChunk(std::span<const Comment> chunk, ChunkBuffers* buffers) const;
  void SketchBlocks(std::span<const Comment> chunk, ChunkBuffers* buffers, size_t first,
                    size_t count);
  void InsertChunk(std::span<const Comment> chunk, const ChunkBuffers& buffers,
                   std::vector<Result<DocId>>* ids);

  Options options_;
  LshParams lsh_;
  int agree_needed_;  // bins that must agree for a verified match
  std::vector<Sketcher> sketchers_;
  UnionFind clusters_;
  std::vector<uint32_t> doc_variant_;
  std::vector<int64_t> arrival_ms_;
  std::vector<DocId> variant_first_doc_;
  std::vector<uint16_t> signatures_;
  FlatTable<uint64_t, uint32_t> exact_;
  LshBuckets buckets_;
  size_t verifications_ = 0;
  // Buffers of AddBatch (two: one being inserted, one being sketched), reused across calls.
  std::unique_ptr<ChunkBuffers[]> chunk_buffers_ = std::make_unique<ChunkBuffers[]>(2);
};

}  // namespace plenary::dedup
