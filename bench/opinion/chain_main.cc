// opinion_chain --dir DIR: how an incremental update's base k-means rule compares with Polis's
// warm loop (run to 0.01 at every update) over a series of batches. Holds out --hold percent of
// the votes, then adds them in --batches equal batches to two conversations (the rule under test,
// --base-incremental-steps, and the loop) and after each batch prints the groups' ARI between
// them and against a cold update on the same votes, and the base clusters' within-cluster sum of
// squares relative to the loop's (the cold update's too).
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/heap.h"
#include "engines/opinion/agreement.h"
#include "engines/opinion/conversation.h"
#include "load.h"

namespace {

using plenary::opinion::Analysis;
using plenary::opinion::Conversation;
using plenary::opinion::ConversationOptions;

// ARI over the participants both groupings cluster.
double Agreement(const std::vector<int32_t>& x, const std::vector<int32_t>& y) {
  std::vector<int32_t> a, b;
  for (size_t r = 0; r < x.size() && r < y.size(); ++r) {
    if (x[r] >= 0 && y[r] >= 0) {
      a.push_back(x[r]);
      b.push_back(y[r]);
    }
  }
  return plenary::opinion::AdjustedRandIndex(a, b);
}

// A conversation with `options` and all but the held-out votes, after one (full) update.
bool Start(const std::string& dir, int hold, Conversation& conversation,
           std::vector<plenary::polis::VoteRecord>& held) {
  auto loaded = plenary::bench::LoadConversation(dir, hold, conversation, held);
  if (!loaded) {
    std::cerr << loaded.error().ToString() << "\n";
    return false;
  }
  conversation.Update();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  plenary::RetainFreedMemory();
  CLI::App app{"Compares an incremental base k-means rule with Polis's warm loop over batches"};
  std::string dir;
  int hold = 12;
  int batches = 12;
  ConversationOptions options;
  options.threads = 1;
  app.add_option("--dir", dir, "Folder with votes.csv")->required();
  app.add_option("--hold", hold, "Percent of the votes held out and added in batches");
  app.add_option("--batches", batches, "Batches the held-out votes are added in");
  app.add_option("--base-incremental-steps", options.incremental_base_steps,
                 "Base k-means steps of an incremental update (the rule under test)");
  CLI11_PARSE(app, argc, argv);
  options.pca.threads = options.threads;
  ConversationOptions loop_options = options;
  loop_options.incremental_base_steps = loop_options.base_iterations;  // Polis's loop
  Conversation tested(options), loop(loop_options);
  std::vector<plenary::polis::VoteRecord> held, same;
  if (!Start(dir, hold, tested, held) || !Start(dir, hold, loop, same)) {
    return 1;
  }
  const size_t batch = held.size() / std::max(1, batches);
  double sum_loop = 0, sum_cold = 0, sum_loop_cold = 0, sum_excess = 0, sum_cold_excess = 0;
  for (int i = 0; i < batches; ++i) {
    for (size_t j = i * batch; j < (i + 1) * batch; ++j) {
      const auto vote = static_cast<plenary::opinion::Vote>(held[j].vote);
      tested.AddVote(held[j].voter_id, held[j].comment_id, vote);
      loop.AddVote(held[j].voter_id, held[j].comment_id, vote);
    }
    const Analysis& a = tested.Update();
    const Analysis& b = loop.Update();
    Conversation cold = tested;
    cold.ResetAnalysis();
    const Analysis& c = cold.Update();
    const double vs_loop = Agreement(a.group_of, b.group_of);
    const double vs_cold = Agreement(a.group_of, c.group_of);
    const double loop_cold = Agreement(b.group_of, c.group_of);
    const double excess = BaseClusterSquares(a) / BaseClusterSquares(b) - 1;
    const double cold_excess = BaseClusterSquares(c) / BaseClusterSquares(b) - 1;
    sum_loop += vs_loop;
    sum_cold += vs_cold;
    sum_loop_cold += loop_cold;
    sum_excess += excess;
    sum_cold_excess += cold_excess;
    std::cout << fmt::format(
        "batch {:2}: steps {} (loop {:2}), ARI vs loop {:.4f}, vs cold {:.4f} (loop vs cold "
        "{:.4f}), within-cluster squares vs loop {:+.2f}% (cold {:+.2f}%)\n",
        i + 1, a.base_steps, b.base_steps, vs_loop, vs_cold, loop_cold, 100 * excess,
        100 * cold_excess);
  }
  const double n = std::max(1, batches);
  std::cout << fmt::format(
      "mean: ARI vs loop {:.4f}, vs cold {:.4f} (loop vs cold {:.4f}), within-cluster squares vs "
      "loop {:+.2f}% (cold {:+.2f}%)\n",
      sum_loop / n, sum_cold / n, sum_loop_cold / n, 100 * sum_excess / n,
      100 * sum_cold_excess / n);
  return 0;
}
