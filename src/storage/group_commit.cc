#include "storage/group_commit.h"

#include <algorithm>
#include <cstddef>
#include <future>
#include <vector>

#include "core/thread_role.h"

namespace plenary::storage {

GroupCommit::GroupCommit(Database& db, GroupCommitOptions options)
    : db_(db),
      options_(options),
      answerer_([this] { Answer(); }),
      committer_([this] { Commit(); }) {}

GroupCommit::~GroupCommit() {
  Close();
}

void GroupCommit::Close() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  std::lock_guard closing(close_mutex_);
  if (committer_.joinable()) {
    committer_.join();
  }
  {
    std::lock_guard lock(answers_mutex_);
    answers_closed_ = true;
  }
  answers_ready_.notify_one();
  if (answerer_.joinable()) {
    answerer_.join();
  }
}

void GroupCommit::Submit(Work work, Work then, std::function<void(Status)> done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back({std::move(work), std::move(then), std::move(done), Status::Ok()});
      wake_.notify_one();
      return;
    }
  }
  done(Unavailable("the server is stopping: nothing was written"));
}

Status GroupCommit::Run(const Work& work, const Work& then) {
  std::promise<Status> answer;
  std::future<Status> answered = answer.get_future();
  Submit(work, then, [&answer](Status s) { answer.set_value(std::move(s)); });
  return answered.get();
}

void GroupCommit::Commit() {
  SetThreadRole("group-commit");
  const size_t most = static_cast<size_t>(std::max(1, options_.max_batch));
  std::vector<Item> batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) {
      return;  // stopping, and everything queued has been answered
    }
    const size_t size = std::min(queue_.size(), most);
    batch.clear();
    std::move(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(size),
              std::back_inserter(batch));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(size));
    lock.unlock();

    const Status transaction = RunBatch(batch);
    int64_t failed = 0;
    for (Item& item : batch) {
      if (!transaction.ok() && item.status.ok()) {
        item.status = transaction;  // the batch did not commit (or, rarely, in doubt)
      }
      failed += item.status.ok() ? 0 : 1;
    }
    lock.lock();  // counted before anyone is answered, so that an answered caller sees it
    ++stats_.batches;
    stats_.failed_batches += transaction.ok() ? 0 : 1;
    stats_.largest_batch = std::max(stats_.largest_batch, static_cast<int64_t>(size));
    stats_.items += static_cast<int64_t>(size);
    stats_.failed_items += failed;
    lock.unlock();

    // Answering (a reply built and sent, a submission freed) is a tenth of the committer's
    // time under HTTP intake: it moves to another thread, and the next batch starts at once.
    {
      std::lock_guard answers(answers_mutex_);
      std::move(batch.begin(), batch.end(), std::back_inserter(answers_));
    }
    answers_ready_.notify_one();
    lock.lock();
  }
}

void GroupCommit::Answer() {
  SetThreadRole("commit-answers");
  std::vector<Item> answering;
  std::unique_lock lock(answers_mutex_);
  for (;;) {
    answers_ready_.wait(lock, [&] { return answers_closed_ || !answers_.empty(); });
    if (answers_.empty()) {
      return;  // closed, and everything committed has been answered
    }
    answering.clear();
    std::move(answers_.begin(), answers_.end(), std::back_inserter(answering));
    answers_.clear();
    lock.unlock();
    for (Item& item : answering) {
      try {
        item.done(std::move(item.status));
      } catch (...) {
        // A caller's answer failed on its side; the others must still be answered.
      }
    }
    answering.clear();  // the items' captures are freed here too, not on the committer
    lock.lock();
  }
}

namespace {

Status RunWork(const GroupCommit::Work& work, Connection& c) {
  // An exception must not skip a rollback (partial changes would commit with the others) nor
  // stop the committer.
  try {
    return work(c);
  } catch (...) {
    return Internal("group commit: a work function threw an exception");
  }
}

}  // namespace

Status GroupCommit::RunBatch(std::vector<Item>& batch) {
  // Optimistically first: every item straight in the transaction. A savepoint per item costs
  // a copy of every page the item changes (the statement journal that lets it roll back
  // alone), about 4% of a submission's server CPU, for a failure that validated input rarely
  // meets. When an item does fail, all is rolled back and the batch runs again item by item.
  bool item_failed = false;
  Status optimistic = db_.Transaction([&](Connection& c) -> Status {
    for (Item& item : batch) {
      item.status = RunWork(item.work, c);
      if (!item.status.ok()) {
        item_failed = true;
        return item.status;
      }
    }
    return RunThens(batch, c);
  });
  if (!item_failed) {
    return optimistic;
  }
  if (batch.size() == 1) {
    return Status::Ok();  // nothing else to commit: the item's answer is its own error
  }
  return RunBatchBySavepoints(batch);
}

Status GroupCommit::RunBatchBySavepoints(std::vector<Item>& batch) {
  return db_.Transaction([&](Connection& c) -> Status {
    for (Item& item : batch) {
      item.status =
          c.RunInSavepoint([&item](Connection& inner) { return RunWork(item.work, inner); });
    }
    return RunThens(batch, c);
  });
}

Status GroupCommit::RunThens(std::vector<Item>& batch, Connection& c) {
  for (Item& item : batch) {
    if (item.status.ok() && item.then) {
      RETURN_IF_ERROR(RunWork(item.then, c));
    }
  }
  return Status::Ok();
}

GroupCommitStats GroupCommit::stats() const {
  std::lock_guard lock(mutex_);
  GroupCommitStats stats = stats_;
  stats.waiting = static_cast<int64_t>(queue_.size());
  return stats;
}

}  // namespace plenary::storage
