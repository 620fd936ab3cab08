#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "consultation/search_entry.h"
#include "core/result.h"
#include "storage/database.h"

namespace plenary::consultation {

struct IndexBacklogOptions {
  int64_t most = 5000;                       // contributions indexed per transaction
  std::chrono::milliseconds interval{1000};  // between passes while nothing wakes the writer
  size_t wake_at = 4000;                     // offers that wake the writer before its time
};

// Writes the database's search terms (FTS5, tsvector) for submissions, thousands per
// transaction instead of a few per shared commit.
//
// A submission's shared commit (commands.h) holds its row and its id in the backlog
// (migrations/0013); this writer then indexes what the backlog lists and removes it, in one
// transaction. SQLite's FTS5 writes a segment per transaction and merges them as they pile up:
// a few terms per commit cost 3 to 10 times what they cost by the thousand
// (bench/intake/README.md), and the shared commit, which every submission waits for, does not
// pay them. What the backlog lists after a crash is indexed at the next start; a clean stop
// empties it. Searches from the in-memory index (search_index.h) do not wait for this: it
// reads the rows themselves. The database's own index, which answers only while that one
// catches up after a start or when it is turned off, lags by a pass (`interval`).
//
// Thread-safe.
class IndexBacklog {
 public:
  explicit IndexBacklog(storage::Database& db, IndexBacklogOptions options = {});
  ~IndexBacklog();  // Stop()
  IndexBacklog(const IndexBacklog&) = delete;
  IndexBacklog& operator=(const IndexBacklog&) = delete;

  // The analysed entry of a contribution just committed into the backlog, which the writer
  // uses instead of analysing its text again.
  void Offer(int64_t id, SearchEntry entry);

  // Indexes what the backlog lists, up to `most`; returns how many were indexed.
  Result<int64_t> Drain();

  // The background writer: a pass every `interval`, or sooner when offers pile up. Stop
  // empties the backlog (one pass after another) before it returns.
  void Start();
  void Stop();

 private:
  void Run();

  storage::Database& db_;
  const IndexBacklogOptions options_;
  std::mutex drain_mutex_;  // one pass at a time
  std::mutex mutex_;
  std::condition_variable wake_;
  std::unordered_map<int64_t, SearchEntry> offered_;  // guarded by mutex_
  bool stopping_ = false;                             // guarded by mutex_
  std::thread thread_;
};

}  // namespace plenary::consultation
