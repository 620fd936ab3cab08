// opinion_in_process --dir DIR [--threads N --copies N]: an incremental update's cost against a
// full update's, measured inside one process. A conversation after its full update is copied
// `copies` times; each copy takes the three held-out batches of 1% (RunBatches), and a cold full
// update runs on another copy (RunFull), so both start from the same state every time and the
// loading and the first update are left out. Prints the CPU time per update. For instruction
// counts, run under callgrind with --toggle-collect='*RunBatches*' or '*RunFull*'. With --digest,
// first prints the digests (analysis_digest.h) of the first full update, of each batch's
// incremental update and of the cold full update, to check that a change to the engine's speed
// changes none of its results.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sys/resource.h>

#include "analysis_digest.h"
#include "core/heap.h"
#include "engines/opinion/conversation.h"
#include "load.h"

namespace {

using plenary::bench::AnalysisDigest;
using plenary::opinion::Conversation;

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         1e-6 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// Adds the votes of batch `b` of `batches` equal batches of `held` to `conversation`.
void AddBatch(Conversation& conversation, const std::vector<plenary::polis::VoteRecord>& held,
              int batches, int b) {
  const size_t batch = held.size() / std::max(1, batches);
  for (size_t j = b * batch; j < (b + 1) * batch; ++j) {
    conversation.AddVote(held[j].voter_id, held[j].comment_id,
                         static_cast<plenary::opinion::Vote>(held[j].vote));
  }
}

// Not inlined, so that callgrind can collect inside them alone.
__attribute__((noinline)) void RunBatches(Conversation& conversation,
                                          const std::vector<plenary::polis::VoteRecord>& held,
                                          int batches) {
  for (int b = 0; b < batches; ++b) {
    AddBatch(conversation, held, batches, b);
    conversation.Update();
  }
}

// The digests of `conversation`'s analysis, then of each batch's update, then of a cold update.
std::string Digests(const Conversation& conversation,
                    const std::vector<plenary::polis::VoteRecord>& held, int batches) {
  std::string out = fmt::format("\"{:016x}\"", AnalysisDigest(conversation.analysis()));
  Conversation copy = conversation;
  for (int b = 0; b < batches; ++b) {
    AddBatch(copy, held, batches, b);
    out += fmt::format(", \"{:016x}\"", AnalysisDigest(copy.Update()));
  }
  Conversation cold = conversation;
  cold.ResetAnalysis();
  return out + fmt::format(", \"{:016x}\"", AnalysisDigest(cold.Update()));
}

// Writes each batch's incremental update (group and projection of every participant, one line
// each: batch, participant index, group, x, y) to `path`, to compare two builds' results.
void DumpBatches(const Conversation& conversation,
                 const std::vector<plenary::polis::VoteRecord>& held, int batches,
                 const std::string& path) {
  std::ofstream out(path);
  Conversation copy = conversation;
  for (int b = 0; b < batches; ++b) {
    AddBatch(copy, held, batches, b);
    const plenary::opinion::Analysis& a = copy.Update();
    for (size_t i = 0; i < a.projection.size(); ++i) {
      out << fmt::format("{} {} {} {:.17g} {:.17g}\n", b, i, a.group_of[i], a.projection[i].x,
                         a.projection[i].y);
    }
  }
}

__attribute__((noinline)) void RunFull(Conversation& conversation) {
  conversation.ResetAnalysis();
  conversation.Update();
}

}  // namespace

int main(int argc, char** argv) {
  plenary::RetainFreedMemory();
  CLI::App app{"An incremental update's CPU against a full update's, in one process"};
  std::string dir;
  int threads = 1;
  int copies = 20;
  constexpr int kBatches = 3;
  app.add_option("--dir", dir, "Folder with votes.csv (+ comments.csv)")->required();
  app.add_option("--threads", threads, "Threads for the engine");
  app.add_option("--copies", copies, "Copies of the conversation timed");
  bool digest = false;
  app.add_flag("--digest", digest, "Print the updates' digests first");
  std::string dump;
  app.add_option("--dump", dump, "Write each batch's groups and projections to this file");
  bool batches_only = false;
  app.add_flag("--batches-only", batches_only,
               "Skip the cold full updates (to profile the incremental ones alone)");
  bool full_only = false;
  app.add_flag("--full-only", full_only,
               "Skip the incremental updates (to profile the cold full ones alone)");
  CLI11_PARSE(app, argc, argv);

  plenary::opinion::ConversationOptions options;
  options.threads = threads;
  options.pca.threads = threads;
  Conversation conversation(options);
  std::vector<plenary::polis::VoteRecord> held;
  auto loaded = plenary::bench::LoadConversation(dir, kBatches, conversation, held);
  if (!loaded) {
    std::cerr << loaded.error().ToString() << "\n";
    return 1;
  }
  conversation.ApplyVotes();
  conversation.Update();
  if (digest) {
    std::cout << "{\"digests\": [" << Digests(conversation, held, kBatches) << "]}\n";
  }
  if (!dump.empty()) {
    DumpBatches(conversation, held, kBatches, dump);
  }
  double incremental = 0, full = 0;
  std::vector<double> ratios;
  for (int i = 0; i < copies; ++i) {
    Conversation copy = conversation;
    const double start = CpuSeconds();
    if (!full_only) {
      RunBatches(copy, held, kBatches);
    }
    const double batches = (CpuSeconds() - start) / kBatches;
    double one_full = 1;
    if (!batches_only) {
      Conversation other = conversation;
      const double middle = CpuSeconds();
      RunFull(other);
      one_full = CpuSeconds() - middle;
    }
    incremental += batches;
    full += one_full;
    ratios.push_back(batches / one_full);
  }
  std::sort(ratios.begin(), ratios.end());
  std::cout << fmt::format(
      "{{\"copies\": {}, \"incremental_cpu_seconds\": {:.6f}, \"full_cpu_seconds\": {:.6f}, "
      "\"ratio\": {:.4f}, \"median_pair_ratio\": {:.4f}}}\n",
      copies, incremental / copies, full / copies, incremental / full,
      ratios.empty() ? 0.0 : ratios[ratios.size() / 2]);
  return 0;
}
