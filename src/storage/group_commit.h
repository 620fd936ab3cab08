#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "core/result.h"
#include "storage/database.h"

namespace plenary::storage {

struct GroupCommitOptions {
  // Most items in one transaction. The rest wait for the next one.
  int max_batch = 512;
};

struct GroupCommitStats {
  int64_t items = 0;           // Run calls answered, whatever the outcome
  int64_t failed_items = 0;    // of which answered with an error (their own, or the commit's)
  int64_t batches = 0;         // transactions run, one per batch
  int64_t failed_batches = 0;  // transactions that did not commit: every item got their error
  int64_t largest_batch = 0;
  int64_t waiting = 0;  // now: callers queued behind the batch at work, if any
};

// Durable writes at the rate of many per commit ("group commit").
//
// Run(work) returns only once the COMMIT holding `work`'s changes has succeeded, so a caller
// may acknowledge (a receipt, a 201) as soon as it returns: with the backends' settings
// (SQLite synchronous=FULL; PostgreSQL synchronous_commit on, the default) a crash after that
// loses nothing. Concurrent callers share commits: the first caller that finds no batch at work
// becomes the leader, takes the queued items (up to max_batch, its own first), runs them in one
// Database::Transaction, each inside its own savepoint (Connection::RunInSavepoint), commits,
// and answers every item of the batch. Callers that arrive meanwhile queue for the next batch,
// whose leader is the first of them. Nobody waits for more work to arrive: a batch is whatever
// queued while the previous one ran, one item when the load is light.
//
// Each item succeeds or fails alone: a returned error or a failed statement (a unique
// violation, say) rolls back that item's savepoint only and is its answer, while the others of
// the batch still commit. If the transaction fails as a whole (a deferred constraint at COMMIT,
// a busy database, an I/O error), nothing of the batch was written and each item that had not
// failed on its own gets that error. As with any Transaction, a connection lost during the
// COMMIT itself (kUnavailable) leaves unknown whether it committed: a caller that retries
// should do so idempotently (a client-chosen key with ON CONFLICT DO NOTHING).
//
// Contract for `work`:
// - It runs on the leader's thread, not necessarily the caller's (no thread-locals), while the
//   caller waits in Run; it may capture the caller's locals by reference.
// - Its only effects must be through the Connection: it may run and then be rolled back (its
//   own failure, or the batch's transaction failing), and Run does not retry. Results meant for
//   the caller (a new id) should be written to captured variables and used only when Run
//   returns ok.
// - It must not call Run, Database::Transaction or Database::Read (the leader holds the
//   writer: that would deadlock), and should be short: the whole batch waits for it.
//
// Thread-safe. Must outlive every Run call.
class GroupCommit {
 public:
  explicit GroupCommit(Database& db, GroupCommitOptions options = {});
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Runs `work` in a shared transaction; see the class comment. Returns `work`'s error, the
  // transaction's, or ok once committed.
  //
  // `then`, when given, runs in the same transaction after every item's savepoint has been
  // released, and only if `work` succeeded: for writes that should not happen inside a
  // savepoint. SQLite's FTS5 flushes its pending terms to a new segment at every SAVEPOINT
  // once the table is in the transaction, so search terms written in each item's savepoint
  // would cost a segment (and its merges) per item; written in `then`, one per batch. A
  // failing `then` fails the whole batch (every item gets its error).
  Status Run(const std::function<Status(Connection&)>& work,
             const std::function<Status(Connection&)>& then = nullptr);

  GroupCommitStats stats() const;

 private:
  struct Item;
  // Runs `batch` in one transaction and sets each item's status. Called without mutex_ held.
  Status RunBatch(const std::vector<Item*>& batch);

  Database& db_;
  const GroupCommitOptions options_;
  mutable std::mutex mutex_;
  // Items not yet answered, in arrival order. The front item's caller is the leader; while it
  // runs, the first items (its batch) stay in place, and newcomers queue behind them.
  std::deque<Item*> queue_;  // guarded by mutex_
  size_t in_batch_ = 0;      // guarded by mutex_: the front items being run
  GroupCommitStats stats_;   // guarded by mutex_
};

}  // namespace plenary::storage
