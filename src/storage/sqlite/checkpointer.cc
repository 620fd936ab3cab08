#include "storage/sqlite/checkpointer.h"

#include <utility>

#include "core/log.h"
#include "core/thread_role.h"

namespace plenary::storage {
namespace {

constexpr int kRounds = 4;

}  // namespace

Checkpointer::Checkpointer(std::string path, CheckpointerOptions options)
    : path_(std::move(path)), options_(options), thread_([this] { Run(); }) {}

Checkpointer::~Checkpointer() {
  Stop();
}

void Checkpointer::Committed(int64_t log_bytes) {
  {
    std::lock_guard lock(mutex_);
    log_bytes_ = log_bytes;
    if (log_bytes < options_.start_at_bytes) {
      return;
    }
  }
  wake_.notify_one();
}

bool Checkpointer::RestartDue() const {
  std::lock_guard lock(mutex_);
  return log_bytes_ >= options_.restart_at_bytes;
}

int64_t Checkpointer::checkpoints() const {
  std::lock_guard lock(mutex_);
  return checkpoints_;
}

void Checkpointer::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) {
    thread_.join();
  }
}

void Checkpointer::Run() {
  SetThreadRole("checkpointer");
  std::unique_ptr<SqliteConnection> connection;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || log_bytes_ >= options_.start_at_bytes; });
    if (stopping_) {
      return;
    }
    lock.unlock();
    if (!connection) {
      auto opened = SqliteConnection::Open(path_, /*read_only=*/false);
      if (!opened) {
        log::Warn("checkpointer_open_failed", {{"error", opened.error().ToString()}});
        lock.lock();
        log_bytes_ = 0;  // wait for the next report rather than spin
        continue;
      }
      connection = std::move(*opened);
    }
    // Copies what no reader still needs. Commits that came meanwhile are copied by another
    // round at once, quicker for being fewer, so that the copies catch up with the log between
    // two commits and the next one can start it again; a few rounds, then the next report.
    int rounds = 0;
    for (bool more = true; more && rounds < kRounds; ++rounds) {
      auto done = connection->Checkpoint(CheckpointMode::kPassive);
      if (!done) {
        log::Warn("checkpoint_failed", {{"error", done.error().ToString()}});
      }
      more = done && done->copied_pages < done->log_pages;
    }
    lock.lock();
    checkpoints_ += rounds;
    // The next commit reports the log again: if this one did not copy it all (commits came
    // meanwhile, or a reader held older pages), another round follows it. Once it is all
    // copied, that commit starts the log from its beginning and reports it small.
    log_bytes_ = 0;
  }
}

}  // namespace plenary::storage
