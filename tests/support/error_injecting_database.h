#pragma once

#include <atomic>
#include <memory>

#include "storage/database.h"

namespace plenary {

// Wraps a Database and fails its Nth statement (Query, Execute or ExecuteScript, counted from 1
// across all connections) with kUnavailable, before it reaches the database, as a lost connection
// or a full disk would. For anomaly loops: for N = 1, 2, ... run an operation, check that a
// failed one left no partial write, stop when it succeeds with N past its last statement.
class ErrorInjectingDatabase final : public storage::Database {
 public:
  // Does not own `inner`. `fail_at` 0 never fails.
  explicit ErrorInjectingDatabase(storage::Database& inner, int fail_at = 0)
      : inner_(inner), fail_at_(fail_at) {}

  // Restarts the count and sets the statement to fail (0: none).
  void FailAt(int n) {
    fail_at_ = n;
    count_ = 0;
  }
  // Statements seen since the last FailAt.
  int statements() const { return count_; }
  // True once the chosen statement has been failed.
  bool injected() const { return fail_at_ > 0 && count_ >= fail_at_; }

  storage::Backend backend() const override { return inner_.backend(); }
  Status Transaction(const std::function<Status(storage::Connection&)>& work) override;
  // Eventual and derived transactions fail their statements as Transaction's do.
  Status EventualTransaction(const std::function<Status(storage::Connection&)>& work) override;
  Status DerivedTransaction(const std::function<Status(storage::Connection&)>& work) override;
  Status Read(const std::function<Status(storage::Connection&)>& work) override;

  // Counts one statement; the failure to return instead of running it, if any.
  Status Tick();

 private:
  storage::Database& inner_;
  std::atomic<int> fail_at_;
  std::atomic<int> count_{0};
};

}  // namespace plenary
