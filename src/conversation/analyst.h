#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "conversation/commands.h"
#include "conversation/store.h"
#include "engines/opinion/conversation.h"

namespace plenary::conversation {

struct AnalystOptions {
  // A conversation is analysed once no vote has arrived for this long (debounce)...
  std::chrono::milliseconds quiet{1000};
  // ...or, under a steady stream of votes, at least this often.
  std::chrono::milliseconds longest_wait{10000};
  // Up to this many votes, a read of the results may analyse at once when they are stale; above
  // it a page never waits for an update: it shows the latest snapshot and says it is updating.
  int64_t inline_votes = 20'000;
};

// Keeps each conversation's analysis up to date: a background thread runs the engine when votes
// or moderation changed (debounced), warm-started from the conversation's previous update, and
// stores the result as a new immutable snapshot. Thread-safe; one analysis per conversation at a
// time. The engine state is kept in memory per conversation analysed.
class Analyst {
 public:
  explicit Analyst(Context& ctx, AnalystOptions options = {});
  Analyst(const Analyst&) = delete;
  Analyst& operator=(const Analyst&) = delete;
  ~Analyst();

  // Starts the background thread, queueing every conversation whose snapshot is stale.
  Status Start();
  void Stop();

  // Votes or moderation of the conversation changed (called after the commit).
  void NoteChange(int64_t conversation_id);

  // Analyses now if anything changed since the latest snapshot; returns the latest snapshot
  // (nullopt when the conversation has no vote yet). kNotFound for an unknown conversation.
  Result<std::optional<store::Snapshot>> Refresh(int64_t conversation_id);

  // The latest snapshot for a reader: analysed at once when stale and small (inline_votes),
  // otherwise the latest there is (`stale` set, and the background thread asked to update).
  struct Latest {
    std::optional<store::Snapshot> snapshot;
    bool stale = false;
  };
  Result<Latest> ForReader(int64_t conversation_id);

 private:
  struct Engine {
    std::mutex mutex;
    std::unique_ptr<opinion::Conversation> conversation;  // guarded by mutex
  };
  Engine& EngineFor(int64_t conversation_id);
  void Loop();

  Context& ctx_;
  const AnalystOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<int64_t, std::unique_ptr<Engine>> engines_;  // guarded by mutex_
  // Conversation -> (first unanalysed change, latest change); guarded by mutex_.
  std::map<int64_t,
           std::pair<std::chrono::steady_clock::time_point, std::chrono::steady_clock::time_point>>
      dirty_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace plenary::conversation
