#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <limits>
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
// (migrations/0013); an import's batch lists its ids there too. A pass then indexes what the
// backlog lists, in two steps: the terms in a DerivedTransaction (on SQLite the index lives in
// the derived file, migrations/0018, so that these thousands of terms never hold the main
// file's one writer, which every submission waits for), then the ids out of the backlog in a
// short transaction of the main file. A crash between the two leaves ids both indexed and
// listed: the next pass skips what the index already holds, and listings count such an id
// once. SQLite's FTS5 writes a segment per transaction and merges them as they pile up: a few
// terms per commit cost 3 to 10 times what they cost by the thousand (bench/intake/README.md).
// What the backlog lists after a crash is indexed at the next start; a clean stop empties it.
// Searches from the in-memory index (search_index.h) do not wait for this: it reads the rows
// themselves. The database's own index, which answers only while that one catches up after a
// start or when it is turned off, lags by a pass (`interval`) unless the caller waits
// (IndexAllWaiting).
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

  // Indexes what the backlog lists, up to `most` ids and none past `up_to_id`; returns how many
  // ids it took out of the backlog (those the index already held among them are not indexed
  // again).
  Result<int64_t> Drain(int64_t up_to_id = std::numeric_limits<int64_t>::max());
  // Passes until the backlog lists nothing up to `up_to_id`.
  Status DrainAll(int64_t up_to_id = std::numeric_limits<int64_t>::max());

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

// Everything the backlog lists, indexed on the caller's thread (IndexBacklog's passes, for
// callers without a background writer: the command line, tests).
Status IndexAllWaiting(storage::Database& db);

// Puts the search index and the backlog back in step with the contributions, for the start of
// a server or an import: on SQLite the index is in a file of its own, which may be lost (it
// comes back empty), lose its last passes in a crash while the main file kept their removal
// from the backlog, or belong to a later state of the main file (a main file restored from a
// backup, the index not). An index that holds a contribution id past the last one is emptied;
// then every contribution that is neither indexed nor listed is listed again, for the passes
// to index. Cheap when they agree: three counts.
Status ReconcileIndex(storage::Database& db);

}  // namespace plenary::consultation
