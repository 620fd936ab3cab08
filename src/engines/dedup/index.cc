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

std::vector<Result<DocId>> Index::AddBatch(std::span<const Comment> comments) {
  std::vector<Result<DocId>> ids;
  ids.reserve(comments.size());
  Reserve(comments.size());
  std::vector<Status> statuses;
  const size_t bins = options_.num_bins;
  const size_t bands = lsh_.bands;
  for (size_t begin = 0; begin < comments.size(); begin += kChunkSize) {
    const auto chunk = comments.subspan(begin, std::min(kChunkSize, comments.size() - begin));
    SketchChunk(chunk, &statuses);
    for (size_t i = 0; i < chunk.size(); ++i) {
      if (!statuses[i].ok()) {
        ids.push_back(Error(statuses[i]));
        continue;
      }
      ids.push_back(Insert(chunk_exact_[i],
                           std::span<const uint16_t>(chunk_signatures_).subspan(i * bins, bins),
                           std::span<const uint32_t>(chunk_keys_).subspan(i * bands, bands),
                           chunk[i].arrival));
    }
  }
  return ids;
}

// Sketches every comment of `chunk` into the chunk buffers, the threads claiming small blocks;
// each result lands in its own slot, so the outcome does not depend on scheduling.
void Index::SketchChunk(std::span<const Comment> chunk, std::vector<Status>* statuses) {
  const size_t bins = options_.num_bins;
  const size_t bands = lsh_.bands;
  chunk_exact_.assign(chunk.size(), 0);
  chunk_signatures_.resize(chunk.size() * bins);
  chunk_keys_.resize(chunk.size() * bands);
  statuses->assign(chunk.size(), Status::Ok());
  std::atomic<size_t> next_block{0};
  auto work = [&](Sketcher& sketcher) {
    for (size_t block = next_block.fetch_add(kBlockSize); block < chunk.size();
         block = next_block.fetch_add(kBlockSize)) {
      for (size_t i = block; i < std::min(block + kBlockSize, chunk.size()); ++i) {
        (*statuses)[i] = sketcher.Compute(
            chunk[i].text, &chunk_exact_[i],
            std::span<uint16_t>(chunk_signatures_).subspan(i * bins, bins),
            std::span<uint32_t>(chunk_keys_).subspan(i * bands, bands));
      }
    }
  };
  const size_t helpers = std::min(sketchers_.size(), (chunk.size() + kBlockSize - 1) / kBlockSize);
  std::vector<std::jthread> threads;
  for (size_t t = 1; t < helpers; ++t) {
    threads.emplace_back([&work, this, t] { work(sketchers_[t]); });
  }
  work(sketchers_.front());
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
