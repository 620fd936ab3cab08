// opinion_bench --dir DIR: loads a Polis-layout conversation from CSV, then times full updates
// (cold, medians of --repeat runs) and incremental updates after 1% new votes, and prints one
// JSON line with the figures and the process's peak resident memory.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sys/resource.h>

#include "core/heap.h"
#include "engines/opinion/agreement.h"
#include "engines/opinion/conversation.h"
#include "load.h"

namespace {

using plenary::opinion::Conversation;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// CPU seconds used by the process so far (all threads, user + system).
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         1e-6 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// Minor page faults of the process so far (fresh memory touched for the first time).
int64_t MinorFaults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

std::string StagesJson(const plenary::opinion::Analysis::Stages& s) {
  return fmt::format(
      "{{\"merge\": {:.5f}, \"pca\": {:.5f}, \"projection\": {:.5f}, \"clustering\": {:.5f}, "
      "\"statistics\": {:.5f}}}",
      s.merge, s.pca, s.projection, s.clustering, s.statistics);
}

// Wall and CPU times of a series of updates, with the last one's details.
struct Runs {
  std::vector<double> wall, cpu;
  std::vector<int64_t> faults;
  plenary::opinion::Analysis::Stages stages;
  std::vector<std::string> stage_runs;  // each update's stages, as JSON
  int k = 0;
  int iterations = 0;
  int base_steps = 0;

  void Record(double cpu_start, int64_t faults_start, const plenary::opinion::Analysis& analysis) {
    cpu.push_back(CpuSeconds() - cpu_start);
    faults.push_back(MinorFaults() - faults_start);
    wall.push_back(analysis.seconds);
    stages = analysis.stages;
    stage_runs.push_back(StagesJson(stages));
    k = analysis.k;
    iterations = analysis.pca.iterations;
    base_steps = analysis.base_steps;
  }
};

// Cold, full updates on the same votes.
Runs TimeFull(Conversation& conversation, int repeat) {
  Runs runs;
  for (int r = 0; r < repeat; ++r) {
    conversation.ResetAnalysis();
    const int64_t faults = MinorFaults();
    const double cpu = CpuSeconds();
    runs.Record(cpu, faults, conversation.Update());
  }
  return runs;
}

// Warm updates, each after adding the next batch of held-out votes.
Runs TimeIncremental(Conversation& conversation,
                     const std::vector<plenary::polis::VoteRecord>& held, int increments,
                     size_t batch) {
  Runs runs;
  for (int i = 0; i < increments && batch > 0; ++i) {
    for (size_t j = i * batch; j < (i + 1) * batch; ++j) {
      conversation.AddVote(held[j].voter_id, held[j].comment_id,
                           static_cast<plenary::opinion::Vote>(held[j].vote));
    }
    const int64_t faults = MinorFaults();
    const double cpu = CpuSeconds();
    runs.Record(cpu, faults, conversation.Update());
  }
  return runs;
}

// The adjusted Rand index between the groups of the last (incremental) update and those of a
// cold, full update on the same votes; participants outside either grouping are left out.
double IncrementalAgreement(Conversation& conversation) {
  const std::vector<int32_t> warm = conversation.analysis().group_of;
  conversation.ResetAnalysis();
  const std::vector<int32_t>& full = conversation.Update().group_of;
  std::vector<int32_t> a, b;
  for (size_t i = 0; i < warm.size() && i < full.size(); ++i) {
    if (warm[i] >= 0 && full[i] >= 0) {
      a.push_back(warm[i]);
      b.push_back(full[i]);
    }
  }
  return plenary::opinion::AdjustedRandIndex(a, b);
}

// A hash of the loaded state (matrix, id orders, held-out votes without their timestamps, which
// LoadVotes does not read), to check that a change to loading leaves the conversation
// bit-identical.
uint64_t StateChecksum(const Conversation& conversation,
                       const std::vector<plenary::polis::VoteRecord>& held) {
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](uint64_t x) { h = (h ^ x) * 1099511628211ULL; };
  const plenary::opinion::VoteMatrix& m = conversation.matrix();
  for (uint64_t s : m.row_start) {
    mix(s);
  }
  for (size_t i = 0; i < m.col.size(); ++i) {
    mix((uint64_t{m.col[i]} << 8) | static_cast<uint8_t>(m.value[i]));
  }
  for (int64_t id : conversation.participants().ids()) {
    mix(static_cast<uint64_t>(id));
  }
  for (int64_t id : conversation.comments().ids()) {
    mix(static_cast<uint64_t>(id));
  }
  for (const auto& v : held) {
    mix(static_cast<uint64_t>(v.comment_id * 4 + v.vote + 1));
    mix(static_cast<uint64_t>(v.voter_id));
  }
  return h;
}

}  // namespace

int main(int argc, char** argv) {
  plenary::RetainFreedMemory();
  CLI::App app{"Times the opinion engine on a conversation folder"};
  std::string dir;
  int repeat = 3;
  int increments = 3;
  int threads = 2;
  bool load_only = false;
  app.add_option("--dir", dir, "Folder with votes.csv (+ comments.csv)")->required();
  app.add_option("--repeat", repeat, "Full updates to time (the median is reported)");
  app.add_option("--increments", increments, "Incremental updates of 1% new votes each");
  app.add_option("--threads", threads, "Threads for the engine");
  app.add_flag("--load-only", load_only, "Only load and build the matrix; print a state checksum");
  plenary::opinion::ConversationOptions options;
  app.add_option("--pca-block", options.pca.block, "Vectors iterated together by the PCA");
  app.add_option("--pca-tolerance", options.pca.tolerance, "PCA convergence tolerance");
  app.add_option("--pca-incremental", options.pca.incremental_iterations,
                 "PCA passes of an incremental update");
  app.add_option("--base-incremental-steps", options.incremental_base_steps,
                 "Base k-means steps of an incremental update");
  CLI11_PARSE(app, argc, argv);

  options.threads = threads;
  options.pca.threads = threads;
  Conversation conversation(options);
  std::vector<plenary::polis::VoteRecord> held;
  const double load_cpu_start = CpuSeconds();
  auto loaded = plenary::bench::LoadConversation(dir, increments, conversation, held);
  if (!loaded) {
    std::cerr << loaded.error().ToString() << "\n";
    return 1;
  }
  const auto build_start = std::chrono::steady_clock::now();
  conversation.ApplyVotes();  // builds the sparse matrix: part of loading
  const double load_seconds =
      loaded->seconds +
      std::chrono::duration<double>(std::chrono::steady_clock::now() - build_start).count();
  const double load_cpu = CpuSeconds() - load_cpu_start;
  const int64_t total_votes = loaded->votes + static_cast<int64_t>(held.size());
  if (load_only) {
    std::cout << fmt::format(
        "{{\"votes\": {}, \"participants\": {}, \"comments\": {}, \"load_seconds\": {:.4f}, "
        "\"parse_seconds\": {:.4f}, \"load_votes_per_second\": {:.0f}, "
        "\"load_cpu_seconds\": {:.4f}, \"peak_rss_mb\": {:.0f}, \"checksum\": \"{:016x}\"}}\n",
        total_votes, conversation.matrix().rows, conversation.matrix().cols, load_seconds,
        loaded->seconds, total_votes / load_seconds, load_cpu, PeakRssMb(),
        StateChecksum(conversation, held));
    return 0;
  }

  const Runs full = TimeFull(conversation, repeat);
  const double full_rss = PeakRssMb();
  const size_t batch = held.size() / std::max(1, increments);
  const Runs warm = TimeIncremental(conversation, held, increments, batch);
  const double agreement = IncrementalAgreement(conversation);
  std::cout << fmt::format(
      "{{\"votes\": {}, \"participants\": {}, \"comments\": {}, \"load_seconds\": {:.4f}, "
      "\"parse_seconds\": {:.4f}, "
      "\"load_votes_per_second\": {:.0f}, \"full_seconds\": {:.5f}, \"full_runs\": [{:.5f}], "
      "\"incremental_seconds\": {:.5f}, \"incremental_batch\": {}, \"peak_rss_mb\": {:.0f}, "
      "\"peak_rss_after_full_mb\": {:.0f}, \"k\": {}, \"pca_iterations\": {}, "
      "\"pca_iterations_warm\": {}, \"base_steps\": {}, "
      "\"base_steps_warm\": {}, \"full_stages\": "
      "{}, \"incremental_stages\": {}, "
      "\"load_cpu_seconds\": {:.4f}, \"full_cpu_seconds\": {:.5f}, "
      "\"incremental_cpu_seconds\": {:.5f}, \"incremental_runs\": [{:.5f}], "
      "\"incremental_cpu_runs\": [{:.5f}], \"full_minor_faults\": [{}], "
      "\"incremental_minor_faults\": [{}], \"incremental_stage_runs\": [{}], "
      "\"incremental_ari_vs_full\": {:.4f}}}\n",
      total_votes, conversation.matrix().rows, conversation.matrix().cols, load_seconds,
      loaded->seconds, total_votes / load_seconds, Median(full.wall), fmt::join(full.wall, ", "),
      Median(warm.wall), batch, PeakRssMb(), full_rss, full.k, full.iterations, warm.iterations,
      full.base_steps, warm.base_steps, StagesJson(full.stages), StagesJson(warm.stages), load_cpu,
      Median(full.cpu), Median(warm.cpu), fmt::join(warm.wall, ", "), fmt::join(warm.cpu, ", "),
      fmt::join(full.faults, ", "), fmt::join(warm.faults, ", "), fmt::join(warm.stage_runs, ", "),
      agreement);
  return 0;
}
