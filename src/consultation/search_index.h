#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "consultation/search_entry.h"
#include "consultation/store.h"
#include "engines/search/index.h"
#include "storage/database.h"

namespace plenary::consultation {

struct SearchIndexOptions {
  int64_t page = 2000;  // contributions read per query while catching up
  // A search answers from memory when the index is at most this many contributions behind
  // the database (it first adds them); further behind (catching up after a start), the
  // database's own index answers.
  int64_t max_lag = 5000;
  int threads = 0;                          // analysing the texts; 0: one per core
  std::chrono::milliseconds interval{500};  // between background passes
  // How long an id missing below the largest one is looked for again: on PostgreSQL a
  // transaction that drew a lower id may commit after one that drew a higher id.
  std::chrono::milliseconds gap_patience = std::chrono::minutes(10);
  // When set: Stop writes the index to this file, and Start reads it back, so that a restart
  // only adds what came since instead of analysing every text again.
  std::string snapshot_path;
  // The background pass writes it too, at most this often and once this many contributions came
  // since the last one, so that a restart after a crash also starts from a recent one.
  std::chrono::milliseconds snapshot_interval = std::chrono::minutes(10);
  int64_t snapshot_after = 10'000;
};

// The contributions' search index in memory (engines/search), kept in step with the database.
// The database's own index (FTS5, tsvector) stays the index of record, written in each
// contribution's own transaction and always exact; this one answers the same searches with
// FTS5's ranking (BM25) without visiting every match's row: at a million contributions FTS5
// spends 80-250 ms on a two-word query about the consultation's subject, this a few
// (bench/intake/README.md).
//
// In step: contributions are never deleted and their indexed fields never change, so what is
// committed is the index's documents plus the ids above its largest one, plus, on PostgreSQL,
// ids below it drawn by transactions that committed later (SQLite commits one writer at a
// time with ever larger ids). A background pass every `interval` adds the new ids and looks
// again for the missing ones below (for `gap_patience`; rolled-back ones never come); a search
// adds the new ones first when they are few (so a contribution is found as soon as its
// receipt is given), and leaves the search to the database when they are many. The process's
// unpublished ids are left out, as FTS5's query does: kept per process with the version of that
// set (store::ModerationVersion, moved by the database at any change), which each search reads
// and, when it moved, the set with it.
//
// Thread-safe: searches share the index; adding takes it alone, briefly (texts are read and
// analysed before).
class SearchIndex {
 public:
  explicit SearchIndex(storage::Database& db, SearchIndexOptions options = {});
  ~SearchIndex();  // Stop()
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  // Adds what was committed since the last pass; returns how many contributions were added.
  // `progress`, when given, is told the running count after each page. One pass at a time.
  Result<int64_t> CatchUp(const std::function<void(int64_t added)>& progress = nullptr);

  // The analysed entry of a contribution just committed, which the next pass then uses
  // instead of analysing its text again (intake has done it for FTS5). Kept until that pass,
  // up to a bound past which offers are dropped (the pass analyses those itself).
  void Offer(int64_t id, SearchEntry entry);

  // The ranked page of hits (store::Search's contract), or nullopt when the index is too far
  // behind: the caller then asks the database.
  Result<std::optional<std::vector<store::Hit>>> Search(
      const std::vector<std::vector<std::string>>& query, const store::SearchFilter& filter);

  int64_t size() const;
  size_t bytes() const;
  // Whether a background pass has caught up with the database since Start: until then, a
  // search after a restart is likely answered by the database (/healthz says which).
  bool ready() const { return ready_.load(); }

  // The background pass; Stop ends it after the pass at work, then writes the snapshot.
  // Both idempotent.
  void Start();
  void Stop();

  // The snapshot file (options.snapshot_path): Load takes it if it belongs to this database
  // (its last contribution's receipt is the one stored there) and the index is still empty;
  // returns whether it did. A missing, foreign or corrupt file is left aside (logged): the
  // index is then built from the texts. Ids below the snapshot's last one that it lacks are
  // added (on PostgreSQL, transactions that drew them committed after it was written).
  Result<bool> LoadSnapshot();
  Status SaveSnapshot() const;

 private:
  void Run();
  // With catch_up_ held: remembers the ids between `after` and each of `ids` (in order) that
  // are not there yet; returns those that have arrived since, forgetting the ones waited for
  // longer than gap_patience (rolled back: they never will).
  void NoteGaps(int64_t after, const std::vector<int64_t>& ids);
  Result<std::vector<int64_t>> LateArrivals();
  // With catch_up_ held: analyses (or takes as offered) and adds these contributions.
  Status AddContributions(const std::vector<int64_t>& ids);
  // With catch_up_ held: adds the contributions up to `last_id` that the index lacks.
  Status AddMissingUpTo(int64_t last_id);
  // Writes the snapshot now and logs how it went.
  void WriteSnapshot(std::string_view why) const;

  storage::Database& db_;
  const SearchIndexOptions options_;
  std::mutex catch_up_;                                            // one pass at a time
  std::map<int64_t, std::chrono::steady_clock::time_point> gaps_;  // guarded by catch_up_
  std::atomic<size_t> gaps_waiting_ = 0;                           // gaps_.size()
  mutable std::shared_mutex index_mutex_;
  search::Index index_;                    // guarded by index_mutex_
  std::atomic<int64_t> last_indexed_ = 0;  // index_.last_id(), read without the lock

  // By process: its unpublished ids at a version of that set.
  struct Unpublished {
    int64_t version = 0;
    std::shared_ptr<const std::unordered_set<int64_t>> ids;
  };
  std::mutex unpublished_mutex_;
  std::unordered_map<int64_t, Unpublished> unpublished_;  // guarded by unpublished_mutex_

  std::mutex offered_mutex_;
  std::unordered_map<int64_t, SearchEntry> offered_;  // guarded by offered_mutex_

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::atomic<bool> ready_ = false;
  std::thread thread_;
};

}  // namespace plenary::consultation
