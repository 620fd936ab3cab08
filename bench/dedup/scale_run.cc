#include "bench/dedup/scale_run.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <time.h>

#include "bench/dedup/corpus.h"
#include "bench/dedup/metrics.h"
#include "engines/dedup/campaign.h"
#include "engines/dedup/index.h"
#include "engines/dedup/shingles.h"

namespace plenary::dedup::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kBatch = 1 << 16;
constexpr size_t kMinCampaign = 10;

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// CPU time of all threads of the process: a load-independent measure of the work done.
double ProcessCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double PeakRssGb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / (1024.0 * 1024.0);  // ru_maxrss is in KiB
}

// Generates comments [begin, begin + texts->size()) on `threads` threads.
void GenerateBatch(const Corpus& corpus, size_t begin, int threads,
                   std::vector<LabelledComment>* out) {
  std::vector<std::jthread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (size_t i = static_cast<size_t>(t); i < out->size(); i += static_cast<size_t>(threads)) {
        (*out)[i] = corpus.Generate(begin + i);
      }
    });
  }
}

struct Fed {
  std::vector<int64_t> doc_of;  // input position -> doc id, -1 when refused
  std::vector<int64_t> truth;
  double engine_seconds = 0;
  double engine_cpu_seconds = 0;
  double generate_seconds = 0;
  double megabytes = 0;
  size_t refused = 0;
};

void Feed(const Corpus& corpus, int threads, Index* index, Fed* fed) {
  std::vector<LabelledComment> batch;
  std::vector<Comment> comments;
  for (size_t begin = 0; begin < corpus.size(); begin += kBatch) {
    batch.assign(std::min(kBatch, corpus.size() - begin), {});
    const auto t0 = Clock::now();
    GenerateBatch(corpus, begin, threads, &batch);
    const auto t1 = Clock::now();
    const double cpu0 = ProcessCpuSeconds();
    comments.clear();
    for (const LabelledComment& c : batch) {
      comments.push_back({c.text, Timestamp(std::chrono::milliseconds(c.arrival_ms))});
      fed->truth.push_back(c.campaign);
      fed->megabytes += static_cast<double>(c.text.size()) / 1e6;
    }
    const auto ids = index->AddBatch(comments);
    fed->engine_seconds += Seconds(Clock::now() - t1);
    fed->engine_cpu_seconds += ProcessCpuSeconds() - cpu0;
    fed->generate_seconds += Seconds(t1 - t0);
    for (const auto& id : ids) {
      fed->doc_of.push_back(id.has_value() ? static_cast<int64_t>(*id) : -1);
      fed->refused += id.has_value() ? 0 : 1;
    }
  }
}

std::vector<int64_t> PredictedLabels(const std::vector<Campaign>& campaigns, const Fed& fed,
                                     size_t docs) {
  std::vector<int64_t> label_of_doc(docs, -1);
  for (size_t c = 0; c < campaigns.size(); ++c) {
    for (DocId doc : campaigns[c].members) {
      label_of_doc[doc] = static_cast<int64_t>(c);
    }
  }
  std::vector<int64_t> predicted(fed.doc_of.size(), -1);
  for (size_t i = 0; i < fed.doc_of.size(); ++i) {
    predicted[i] = fed.doc_of[i] < 0 ? -1 : label_of_doc[fed.doc_of[i]];
  }
  return predicted;
}

}  // namespace

bool RunScale(size_t count, uint64_t seed, int threads) {
  Corpus corpus({.comments = count, .seed = seed});
  auto index = Index::Create({.threads = threads});
  if (!index.has_value()) {
    std::fprintf(stderr, "%s\n", index.error().ToString().c_str());
    return false;
  }
  index->Reserve(count);
  Fed fed;
  Feed(corpus, threads, &*index, &fed);
  const auto t0 = Clock::now();
  const double cpu0 = ProcessCpuSeconds();
  const std::vector<Campaign> campaigns = FindCampaigns(*index, {.min_members = kMinCampaign});
  fed.engine_seconds += Seconds(Clock::now() - t0);
  fed.engine_cpu_seconds += ProcessCpuSeconds() - cpu0;
  const auto truth = KeepLargeGroups(fed.truth, kMinCampaign);
  const PairScores scores = ScorePairs(truth, PredictedLabels(campaigns, fed, index->size()));
  size_t true_campaigns = 0;
  for (size_t c = 0; c < corpus.campaign_count(); ++c) {
    true_campaigns += std::count(truth.begin(), truth.end(), static_cast<int64_t>(c)) > 0 ? 1 : 0;
  }
  size_t bursts = 0;
  for (const Campaign& c : campaigns) {
    bursts += c.arrivals && c.arrivals->burst ? 1 : 0;
  }
  std::printf(
      "scale %zu: %.1f MB (%.0f B avg), engine %.2f s (CPU %.2f s), %.0f comments/s, %.1f MB/s "
      "(generation %.1f s, not counted)\n"
      "  peak RSS %.2f GB, index %.2f GB, %zu variants, %zu verifications, %zu refused\n"
      "  campaigns found %zu (true %zu, bursts flagged %zu), pairwise precision %.4f, "
      "recall %.4f\n",
      count, fed.megabytes, fed.megabytes * 1e6 / static_cast<double>(count), fed.engine_seconds,
      fed.engine_cpu_seconds, static_cast<double>(count) / fed.engine_seconds,
      fed.megabytes / fed.engine_seconds, fed.generate_seconds, PeakRssGb(),
      static_cast<double>(index->MemoryBytes()) / 1e9, index->variant_count(),
      index->verifications(), fed.refused, campaigns.size(), true_campaigns, bursts,
      scores.precision(), scores.recall());
  std::printf(
      "RESULT scale=%zu seconds=%.3f cpu_seconds=%.3f throughput=%.0f cpu_throughput=%.0f "
      "peak_rss_gb=%.3f precision=%.5f recall=%.5f\n",
      count, fed.engine_seconds, fed.engine_cpu_seconds,
      static_cast<double>(count) / fed.engine_seconds,
      static_cast<double>(count) / fed.engine_cpu_seconds, PeakRssGb(), scores.precision(),
      scores.recall());
  std::fflush(stdout);
  return true;
}

namespace {

// Shingle sets, band keys and an index of the sample's comments.
struct Sample {
  std::vector<std::vector<uint64_t>> sets;
  std::vector<std::vector<uint32_t>> keys;
};

bool BuildSample(const Corpus& corpus, const Options& options, Index* index, Sample* sample) {
  auto sketcher = Sketcher::Create(options, index->lsh_params());
  if (!sketcher.has_value()) {
    return false;
  }
  std::vector<uint16_t> signature(options.num_bins);
  Tokens tokens;
  for (size_t i = 0; i < corpus.size(); ++i) {
    const LabelledComment c = corpus.Generate(i);
    auto& keys = sample->keys.emplace_back(index->lsh_params().bands);
    uint64_t exact = 0;
    if (!sketcher->Compute(c.text, &exact, signature, keys).ok() ||
        !index->Add({c.text}).has_value() ||
        !sketcher->tokenizer().Tokenize(c.text, &tokens).ok()) {
      std::fprintf(stderr, "sample comment %zu refused\n", i);
      return false;
    }
    sample->sets.push_back(
        ShingleSet(tokens, options.shingle_words, options.shingle_chars, options.seed));
  }
  return true;
}

}  // namespace

bool RunSample(size_t count, uint64_t seed, int threads) {
  const Options options{.threads = threads};
  const Corpus corpus({.comments = count, .seed = seed + 1000});
  auto index = Index::Create(options);
  Sample sample;
  if (!index.has_value() || !BuildSample(corpus, options, &*index, &sample)) {
    return false;
  }
  const auto& sets = sample.sets;
  const auto& keys = sample.keys;
  const auto pairs = SimilarPairs(sets, options.threshold);
  // Pairs of identical shingle sets are found by any method; report the others apart too.
  size_t banded = 0;
  size_t clustered = 0;
  size_t distinct = 0;
  size_t distinct_banded = 0;
  for (const auto& [a, b] : pairs) {
    bool shared = false;
    for (size_t band = 0; band < keys[a].size(); ++band) {
      shared = shared || keys[a][band] == keys[b][band];
    }
    banded += shared ? 1 : 0;
    clustered += index->ClusterOf(a) == index->ClusterOf(b) ? 1 : 0;
    if (sets[a] != sets[b]) {
      ++distinct;
      distinct_banded += shared ? 1 : 0;
    }
  }
  auto share = [](size_t part, size_t whole) {
    return whole == 0 ? 1.0 : static_cast<double>(part) / static_cast<double>(whole);
  };
  std::printf(
      "sample %zu: %zu pairs with exact Jaccard >= %.2f (%zu not identical); LSH candidate recall "
      "%.4f (not identical: %.4f; bands %d x rows %d), same-cluster recall %.4f\n",
      count, pairs.size(), options.threshold, distinct, share(banded, pairs.size()),
      share(distinct_banded, distinct), index->lsh_params().bands, index->lsh_params().rows,
      share(clustered, pairs.size()));
  std::printf(
      "RESULT sample=%zu pairs=%zu lsh_recall=%.5f lsh_recall_not_identical=%.5f "
      "cluster_recall=%.5f\n",
      count, pairs.size(), share(banded, pairs.size()), share(distinct_banded, distinct),
      share(clustered, pairs.size()));
  return true;
}

}  // namespace plenary::dedup::bench
