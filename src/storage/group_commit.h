#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
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
// Submit(work, then, done) queues `work`; a thread of the GroupCommit's own (the committer)
// takes everything queued (up to max_batch), runs it in one Database::Transaction, commits,
// and only then calls each
// item's `done` with its outcome, so a caller may acknowledge (a receipt, a 201) from `done`:
// with the backends' settings (SQLite synchronous=FULL; PostgreSQL synchronous_commit on, the
// default) a crash after that loses nothing. Items that arrive meanwhile wait for the next
// batch. Nobody waits for more work to arrive: a batch is whatever queued while the previous
// one ran, one item when the load is light. A caller that has nothing else to do uses Run,
// which submits and waits; a server hands `done` its reply and frees its thread at once, so
// that batches are as large as the load, not as the number of threads.
//
// Each item succeeds or fails alone: a returned error or a failed statement (a unique
// violation, say) is that item's answer, while the others of the batch still commit. The batch
// runs optimistically, items one after the other; when one fails, the transaction is rolled
// back and the batch runs again with each item in its own savepoint
// (Connection::RunInSavepoint), which rolls back the failing ones alone. If the transaction fails
// as a whole (a deferred constraint at COMMIT, a busy database, an I/O error), nothing of the batch
// was written and each item that had not failed on its own gets that error. As with any
// Transaction, a connection lost during the COMMIT itself (kUnavailable) leaves unknown whether it
// committed: a caller that retries should do so idempotently (a client-chosen key with ON CONFLICT
// DO NOTHING).
//
// Contract for `work`:
// - It runs on the committer thread (no thread-locals). Its only effects must be through the
//   Connection: it may run and then be rolled back (its own failure, or the batch's transaction
//   failing), and it runs a second time when another item of its batch failed (see above), so
//   it must compute its results afresh on each run. Results meant for the caller (a new id)
//   should be written to state that `done` reads, and used only when the status is ok.
// - It must not call Run, Database::Transaction or Database::Read (the committer holds the
//   writer: that would deadlock), and should be short: the whole batch waits for it.
// - `done` runs after the commit on the GroupCommit's answering thread (items in the order they
//   committed), while the committer runs the next batch: it should hand its result on (post a
//   reply) rather than do long work, and must not call Run.
//
// Thread-safe. The destructor runs what is queued, answers it, and stops the committer; a
// Submit after that is answered kUnavailable at once.
class GroupCommit {
 public:
  using Work = std::function<Status(Connection&)>;

  explicit GroupCommit(Database& db, GroupCommitOptions options = {});
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Queues `work` for the next shared transaction and returns at once; `done` gets `work`'s
  // error, the transaction's, or ok once committed (see the class comment).
  //
  // `then`, when given, runs in the same transaction after every item's savepoint has been
  // released, and only if `work` succeeded: for writes that should not happen inside a
  // savepoint. SQLite's FTS5 flushes its pending terms to a new segment at every SAVEPOINT
  // once the table is in the transaction, so search terms written in each item's savepoint
  // would cost a segment (and its merges) per item; written in `then`, one per batch. A
  // failing `then` fails the whole batch (every item gets its error).
  void Submit(Work work, Work then, std::function<void(Status)> done);

  // Submit, then wait for `done`: returns `work`'s error, the transaction's, or ok once
  // committed. `work` and `then` may capture the caller's locals by reference.
  Status Run(const Work& work, const Work& then = nullptr);

  GroupCommitStats stats() const;

  // Commits and answers what is queued, then stops the committer: later Submits are answered
  // kUnavailable. The destructor does it; call it earlier when the answers use objects that
  // the GroupCommit outlives. Idempotent.
  void Close();

 private:
  struct Item {
    Work work;
    Work then;  // may be empty
    std::function<void(Status)> done;
    Status status;
  };
  void Commit();  // the committer thread's loop
  void Answer();  // the answering thread's loop: each committed item's `done`
  // Runs `batch` in one transaction and sets each item's status.
  Status RunBatch(std::vector<Item>& batch);
  // The same with a savepoint per item, so that a failing item rolls back alone.
  Status RunBatchBySavepoints(std::vector<Item>& batch);
  static Status RunThens(std::vector<Item>& batch, Connection& c);

  Database& db_;
  const GroupCommitOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;  // the committer: work queued, or stopping
  std::deque<Item> queue_;        // guarded by mutex_: not yet taken by the committer
  bool stopping_ = false;         // guarded by mutex_
  GroupCommitStats stats_;        // guarded by mutex_
  std::mutex close_mutex_;        // one Close joins the committer
  // Committed items waiting for their `done`, in commit order, and the thread that calls them.
  std::mutex answers_mutex_;
  std::condition_variable answers_ready_;
  std::deque<Item> answers_;     // guarded by answers_mutex_
  bool answers_closed_ = false;  // guarded by answers_mutex_: the committer has stopped
  std::thread answerer_;
  std::thread committer_;  // last: started once the rest is ready
};

}  // namespace plenary::storage
