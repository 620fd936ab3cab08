#include "storage/group_commit.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace plenary::storage {

// One Run call waiting for its answer. Lives on the caller's stack until Run returns.
struct GroupCommit::Item {
  const std::function<Status(Connection&)>* work;
  const std::function<Status(Connection&)>* then;  // may be empty
  Status status;                                   // set by the leader
  bool done = false;                               // guarded by mutex_
  std::condition_variable cv;                      // wakes this caller: answered, or now the leader
};

GroupCommit::GroupCommit(Database& db, GroupCommitOptions options) : db_(db), options_(options) {}

Status GroupCommit::Run(const std::function<Status(Connection&)>& work,
                        const std::function<Status(Connection&)>& then) {
  Item item{&work, &then};
  std::unique_lock lock(mutex_);
  queue_.push_back(&item);
  // The front of the queue leads; the items behind it wait for a leader to answer them.
  item.cv.wait(lock, [&] { return item.done || queue_.front() == &item; });
  if (item.done) {
    return item.status;
  }

  const size_t size = std::min(queue_.size(), static_cast<size_t>(std::max(1, options_.max_batch)));
  const std::vector<Item*> batch(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(size));
  in_batch_ = size;
  lock.unlock();
  // Callers arriving now queue behind the batch, which stays at the front until answered.
  const Status transaction = RunBatch(batch);
  lock.lock();

  in_batch_ = 0;
  ++stats_.batches;
  stats_.failed_batches += transaction.ok() ? 0 : 1;
  stats_.largest_batch = std::max(stats_.largest_batch, static_cast<int64_t>(size));
  for (Item* answered : batch) {
    queue_.pop_front();  // the batch is the queue's first `size` items
    if (!transaction.ok() && answered->status.ok()) {
      answered->status = transaction;  // the batch did not commit (or, rarely, in doubt)
    }
    ++stats_.items;
    stats_.failed_items += answered->status.ok() ? 0 : 1;
    answered->done = true;
    // Under the mutex: once `done` is seen, the waiter may return and destroy its item.
    if (answered != &item) {
      answered->cv.notify_one();
    }
  }
  if (!queue_.empty()) {
    queue_.front()->cv.notify_one();  // the next leader
  }
  return item.status;
}

Status GroupCommit::RunBatch(const std::vector<Item*>& batch) {
  return db_.Transaction([&](Connection& c) -> Status {
    for (Item* item : batch) {
      item->status = c.RunInSavepoint([item](Connection& inner) -> Status {
        // An exception must not skip the savepoint's rollback (the item's partial changes
        // would commit with the others) nor strand the callers waiting on this leader.
        try {
          return (*item->work)(inner);
        } catch (...) {
          return Internal("group commit: a work function threw an exception");
        }
      });
    }
    for (Item* item : batch) {
      if (item->status.ok() && *item->then) {
        try {
          RETURN_IF_ERROR((*item->then)(c));
        } catch (...) {
          return Internal("group commit: a work function threw an exception");
        }
      }
    }
    return Status::Ok();
  });
}

GroupCommitStats GroupCommit::stats() const {
  std::lock_guard lock(mutex_);
  GroupCommitStats stats = stats_;
  stats.waiting = static_cast<int64_t>(queue_.size() - in_batch_);
  return stats;
}

}  // namespace plenary::storage
