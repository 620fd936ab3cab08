#include "engines/dedup/index.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <string>
#include <thread>

#include "engines/dedup/minhash.h"

namespace plenary::dedup {
namespace {

constexpr int64_t kNoArrival = std::numeric_limits<int64_t>::min();
constexpr size_t kChunkSize = 4096;  // comments sketched in parallel before inserting
constexpr size_t kBlockSize = 16;    // comments a worker claims at a time

Status ValidateOptions(const Options& options) {
  if (options.shingle_words < 1 || options.shingle_chars < 1) {
    return InvalidArgument("shingle sizes must be at least 1");
  }
  if (options.num_bins < kMinBins || options.num_bins > kMaxBins) {
    return InvalidArgument("num_bins must be in [" + std::to_string(kMinBins) + ", " +
                           std::to_string(kMaxBins) + "]");
  }
  if (options.threads < 1 || options.threads > 256) {
    return InvalidArgument("threads must be in [1, 256]");
  }
  if (options.bucket_capacity < 1 || options.max_text_bytes == 0) {
    return InvalidArgument("bucket_capacity and max_text_bytes must be positive");
  }
  return Status::Ok();
}

}  // namespace

Index::Index(const Options& options, LshParams lsh, std::vector<Sketcher> sketchers)
    : options_(options),
      lsh_(lsh),
      agree_needed_(static_cast<int>(std::ceil(options.threshold * options.num_bins - 1e-9))),
      sketchers_(std::move(sketchers)),
      buckets_(lsh, options.bucket_capacity) {}

Result<Index> Index::Create(const Options& options) {
  RETURN_IF_ERROR(ValidateOptions(options));
  ASSIGN_OR_RETURN(LshParams lsh, ChooseLshParams(options.threshold, options.num_bins));
  std::vector<Sketcher> sketchers;
  for (int i = 0; i < options.threads; ++i) {
    ASSIGN_OR_RETURN(Sketcher sketcher, Sketcher::Create(options, lsh));
    sketchers.push_back(std::move(sketcher));
  }
  return Index(options, lsh, std::move(sketchers));
}

void Index::Reserve(size_t docs) {
  const size_t total = size() + docs;
  clusters_.Reserve(total);
  doc_variant_.reserve(total);
  arrival_ms_.reserve(total);
}

Result<DocId> Index::Add(const Comment& comment) {
  uint64_t exact_hash = 0;
  std::vector<uint16_t> signature(options_.num_bins);
  std::vector<uint32_t> keys(lsh_.bands);
  RETURN_IF_ERROR(sketchers_.front().Compute(comment.text, &exact_hash, signature, keys));
  return Insert(exact_hash, signature, keys, comment.arrival);
}

// Pipelined: while the calling thread inserts chunk k (sequential, so that the result does not
// depend on timing), the other threads sketch chunk k + 1, and the caller joins them when done.
std::vector<Result<DocId>> Index::AddBatch(std::span<const Comment> comments) {
  std::vector<Result<DocId>> ids;
  ids.reserve(comments.size());
  auto chunk_at = [&](size_t k) {
    const size_t begin = std::min(k * kChunkSize, comments.size());
    return comments.subspan(begin, std::min(kChunkSize, comments.size() - begin));
  };
  const size_t chunks = (comments.size() + kChunkSize - 1) / kChunkSize;
  if (chunks == 0) {
    return ids;
  }
  PrepareChunk(chunk_at(0), &chunk_buffers_[0]);
  SketchBlocks(chunk_at(0), &chunk_buffers_[0], 0, sketchers_.size());
  for (size_t k = 0; k < chunks; ++k) {
    ChunkBuffers& current = chunk_buffers_[k % 2];
    ChunkBuffers& next = chunk_buffers_[(k + 1) % 2];
    const auto next_chunk = chunk_at(k + 1);
    PrepareChunk(next_chunk, &next);
    std::vector<std::jthread> helpers;
    for (size_t t = 1; t < sketchers_.size() && !next_chunk.empty(); ++t) {
      helpers.emplace_back([this, next_chunk, &next, t] { SketchBlocks(next_chunk, &next, t, 1); });
    }
    InsertChunk(chunk_at(k), current, &ids);
    SketchBlocks(next_chunk, &next, 0, 1);
  }
  return ids;
}

void Index::PrepareChunk(std::span<const Comment> chunk, ChunkBuffers* buffers) const {
  buffers->exact.assign(chunk.size(), 0);
  buffers->signatures.resize(chunk.size() * options_.num_bins);
  buffers->keys.resize(chunk.size() * lsh_.bands);
  buffers->statuses.assign(chunk.size(), Status::Ok());
  buffers->next_block.store(0);
}

// Sketches blocks of `chunk` until none is left, with sketchers [first, first + count) (count > 1
// only when this thread is alone). Each result lands in its own slot, whatever the scheduling.
void Index::SketchBlocks(std::span<const Comment> chunk, ChunkBuffers* buffers, size_t first,
                         size_t count) {
  const size_t bins = options_.num_bins;
  const size_t bands = lsh_.bands;
  auto work = [&](Sketcher& sketcher) {
    for (size_t block = buffers->next_block.fetch_add(kBlockSize); block < chunk.size();
         block = buffers->next_block.fetch_add(kBlockSize)) {
      for (size_t i = block; i < std::min(block + kBlockSize, chunk.size()); ++i) {
        buffers->statuses[i] =
            sketcher.Compute(chunk[i].text, &buffers->exact[i],
                             std::span<uint16_t>(buffers->signatures).subspan(i * bins, bins),
                             std::span<uint32_t>(buffers->keys).subspan(i * bands, bands));
      }
    }
  };
  if (count == 1) {
    work(sketchers_[first]);
    return;
  }
  std::vector<std::jthread> threads;
  for (size_t t = first + 1; t < first + count; ++t) {
    threads.emplace_back([&work, this, t] { work(sketchers_[t]); });
  }
  work(sketchers_[first]);
}

void Index::InsertChunk(std::span<const Comment> chunk, const ChunkBuffers& buffers,
                        std::vector<Result<DocId>>* ids) {
  const size_t bins = options_.num_bins;
  const size_t bands = lsh_.bands;
  for (size_t i = 0; i < chunk.size(); ++i) {
    if (!buffers.statuses[i].ok()) {
      ids->push_back(Error(buffers.statuses[i]));
      continue;
    }
    ids->push_back(Insert(
        buffers.exact[i], std::span<const uint16_t>(buffers.signatures).subspan(i * bins, bins),
        std::span<const uint32_t>(buffers.keys).subspan(i * bands, bands), chunk[i].arrival));
  }
}

DocId Index::Insert(uint64_t exact_hash, std::span<const uint16_t> signature,
                    std::span<const uint32_t> band_keys, std::optional<Timestamp> arrival) {
  const DocId doc = clusters_.Add();
  arrival_ms_.push_back(arrival ? arrival->time_since_epoch().count() : kNoArrival);
  const auto fresh_variant = static_cast<uint32_t>(variant_first_doc_.size());
  const auto [variant, inserted] =
      exact_.FindOrInsert(decltype(exact_)::ToTableKey(exact_hash), fresh_variant);
  doc_variant_.push_back(*variant);
  if (!inserted) {
    clusters_.Union(doc, variant_first_doc_[*variant]);
    return doc;
  }
  variant_first_doc_.push_back(doc);
  signatures_.insert(signatures_.end(), signature.begin(), signature.end());
  JoinCandidates(doc, fresh_variant, band_keys);
  buckets_.Insert(fresh_variant, band_keys);
  return doc;
}

// Verifies the new variant against the entries of its buckets and joins those that match.
void Index::JoinCandidates(DocId doc, uint32_t variant, std::span<const uint32_t> band_keys) {
  const std::span<const uint16_t> signature = SignatureOf(variant);
  for (int band = 0; band < lsh_.bands; ++band) {
    buckets_.Prefetch(band, band_keys[band]);  // the bands' cache misses overlap
  }
  for (int band = 0; band < lsh_.bands; ++band) {
    for (uint32_t other = buckets_.First(band, band_keys[band]); other != LshBuckets::kNone;
         other = buckets_.Next(band, other)) {
      const DocId other_doc = variant_first_doc_[other];
      if (clusters_.Find(other_doc) == clusters_.Find(doc)) {
        continue;
      }
      ++verifications_;
      if (CountAgreeingBins(signature, SignatureOf(other)) >= agree_needed_) {
        clusters_.Union(doc, other_doc);
      }
    }
  }
}

std::span<const uint16_t> Index::SignatureOf(uint32_t variant) const {
  const size_t bins = options_.num_bins;
  return std::span<const uint16_t>(signatures_).subspan(variant * bins, bins);
}

std::vector<std::vector<DocId>> Index::Clusters(size_t min_size) const {
  min_size = std::max<size_t>(min_size, 1);
  std::vector<uint32_t> slot_of_root(size(), LshBuckets::kNone);
  std::vector<std::vector<DocId>> clusters;
  for (DocId doc = 0; doc < size(); ++doc) {
    const DocId root = ClusterOf(doc);
    if (clusters_.SetSize(root) < min_size) {
      continue;
    }
    if (slot_of_root[root] == LshBuckets::kNone) {
      slot_of_root[root] = static_cast<uint32_t>(clusters.size());
      clusters.emplace_back().reserve(clusters_.SetSize(root));
    }
    clusters[slot_of_root[root]].push_back(doc);
  }
  return clusters;
}

std::optional<Timestamp> Index::arrival(DocId doc) const {
  if (arrival_ms_[doc] == kNoArrival) {
    return std::nullopt;
  }
  return Timestamp(std::chrono::milliseconds(arrival_ms_[doc]));
}

double Index::EstimateSimilarity(DocId a, DocId b) const {
  return EstimateJaccard(SignatureOf(VariantOf(a)), SignatureOf(VariantOf(b)));
}

size_t Index::MemoryBytes() const {
  return clusters_.MemoryBytes() + doc_variant_.capacity() * sizeof(uint32_t) +
         arrival_ms_.capacity() * sizeof(int64_t) + variant_first_doc_.capacity() * sizeof(DocId) +
         signatures_.capacity() * sizeof(uint16_t) + exact_.MemoryBytes() + buckets_.MemoryBytes();
}

}  // namespace plenary::dedup
