#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "storage/sqlite/sqlite_connection.h"

namespace plenary::storage {

struct CheckpointerOptions {
  // The log's size at which a checkpoint starts (SQLite's own: 1,000 pages, 4 MiB with its
  // default pages). A page changed by many commits is copied to the database file once per
  // checkpoint, so a larger log copies less: 4 -> 16 MiB cut what intake writes by 13%.
  int64_t start_at_bytes = int64_t{16} << 20;
  // The size past which the writer restarts the log itself before its next transaction (see
  // Checkpointer): the bound on the log's size when checkpoints cannot keep up.
  int64_t restart_at_bytes = int64_t{128} << 20;
};

// Copies an SQLite database's write-ahead log back into the database file, on a thread and a
// connection of its own, so that the writer's commits do not wait for it.
//
// SQLite's default runs the checkpoint in whichever commit finds the log past 1,000 pages: that
// commit, and every caller queued behind the writer, wait while the pages are copied and the
// database file is synced (tens of milliseconds under a stream of commits: the p90 of HTTP
// intake). Here the writer reports the log's size after each commit (Committed), and past
// start_at_bytes this thread runs passive checkpoints, which copy what readers no longer need
// without blocking anyone, until the log is copied entirely; the next writer then starts the
// log again from its beginning. Under a stream of commits the log may keep ahead of the copies:
// past restart_at_bytes, RestartDue tells the writer to restart it (SqliteConnection::Checkpoint
// with kRestart: it copies the rest, a few pages if the passive ones kept up) before its next
// transaction.
//
// Thread-safe. A checkpoint error is kept for the next one to retry; nothing is lost by a
// checkpoint that does not run (the log stays, and SQLite reads through it).
class Checkpointer {
 public:
  Checkpointer(std::string path, CheckpointerOptions options = {});
  ~Checkpointer();  // Stop()
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // The writer's report after a commit: the log now holds `log_bytes` bytes of pages.
  void Committed(int64_t log_bytes);
  // True when the log has passed restart_at_bytes: the writer should restart it.
  bool RestartDue() const;
  // Passive checkpoints run so far (for tests and statistics).
  int64_t checkpoints() const;
  // Ends the thread after the checkpoint in progress, if any. Idempotent.
  void Stop();

 private:
  void Run();

  const std::string path_;
  const CheckpointerOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  int64_t log_bytes_ = 0;    // guarded by mutex_: as last reported
  bool stopping_ = false;    // guarded by mutex_
  int64_t checkpoints_ = 0;  // guarded by mutex_
  std::thread thread_;       // last: started once the rest is ready
};

}  // namespace plenary::storage
