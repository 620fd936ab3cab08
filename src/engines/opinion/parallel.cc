#include "engines/opinion/parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

namespace plenary::opinion {
namespace {

// Tells the processor that this thread is spinning (a sibling hyperthread gets its share).
void Relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// One RunTasks call: its tasks are claimed one at a time by the caller and the helpers it asked
// for. Shared, so that a helper that picks it up after the last task was claimed can still look.
struct Job {
  const std::function<void(int)>* task = nullptr;
  int count = 0;
  std::atomic<int> next{0};
  std::atomic<int> done{0};

  // Runs tasks until none is left to claim.
  void Work() {
    for (int i = next++; i < count; i = next++) {
      (*task)(i);
      if (++done == count) {
        done.notify_all();
      }
    }
  }
};

// Helper threads kept for the life of the process: starting threads for every call cost 50-300
// microseconds, as much as a whole k-means step. Any number of callers may share them; a caller
// always works on its own job too, so it finishes even when every helper is busy elsewhere.
class Pool {
 public:
  static Pool& Get() {
    static Pool pool;
    return pool;
  }

  ~Pool() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : helpers_) {
      t.join();
    }
  }

  void Run(int count, int threads, const std::function<void(int)>& task) {
    auto job = std::make_shared<Job>();
    job->task = &task;
    job->count = count;
    const int helpers = std::min(threads - 1, kMaxHelpers);
    {
      std::lock_guard lock(mutex_);
      Start(helpers);
      for (int h = 0; h < helpers; ++h) {
        queue_.push_back(job);
      }
      pending_.store(static_cast<int>(queue_.size()), std::memory_order_release);
    }
    wake_.notify_all();
    job->Work();
    // The helpers' last tasks usually end within microseconds: waiting for them asleep would
    // add a wake-up (tens of microseconds on a virtual machine) to most calls.
    const auto until = std::chrono::steady_clock::now() + kSpin;
    while (job->done.load(std::memory_order_acquire) < count &&
           std::chrono::steady_clock::now() < until) {
      Relax();
    }
    for (int done = job->done.load(); done < count; done = job->done.load()) {
      job->done.wait(done);
    }
  }

  // Wakes the helpers (starting up to threads - 1 of them) to look for work for a while: the
  // caller's next RunTasks, if it comes within that while, finds them awake.
  void Wake(int threads) {
    {
      std::lock_guard lock(mutex_);
      Start(std::min(threads - 1, kMaxHelpers));
      ++alarms_;
    }
    wake_.notify_all();
  }

 private:
  static constexpr int kMaxHelpers = 63;
  // A caller waits this long for its helpers' last tasks before it sleeps: waking a sleeping
  // thread takes tens of microseconds.
  static constexpr auto kSpin = std::chrono::microseconds(100);
  // A helper that ran out of work looks for more this long before it sleeps: RunTasks calls come
  // in quick series (one per k-means step, several per update with serial work between them).
  // Spinning with `pause` leaves the caller (often the sibling hyperthread) most of the core.
  static constexpr auto kHelperSpin = std::chrono::microseconds(1000);

  // (Under the lock.)
  void Start(int helpers) {
    while (static_cast<int>(helpers_.size()) < helpers) {
      helpers_.emplace_back([this] { Serve(); });
    }
  }

  std::shared_ptr<Job> Take() {
    for (;;) {
      const auto until = std::chrono::steady_clock::now() + kHelperSpin;
      while (pending_.load(std::memory_order_acquire) == 0 &&
             std::chrono::steady_clock::now() < until) {
        Relax();
      }
      std::unique_lock lock(mutex_);
      const uint64_t alarms = alarms_;
      wake_.wait(lock, [&] { return stop_ || !queue_.empty() || alarms_ != alarms; });
      if (!queue_.empty()) {
        std::shared_ptr<Job> job = std::move(queue_.front());
        queue_.pop_front();
        pending_.store(static_cast<int>(queue_.size()), std::memory_order_release);
        return job;
      }
      if (stop_) {
        return nullptr;
      }
    }
  }

  void Serve() {
    while (std::shared_ptr<Job> job = Take()) {
      job->Work();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::atomic<int> pending_{0};
  std::vector<std::thread> helpers_;
  uint64_t alarms_ = 0;
  bool stop_ = false;
};

}  // namespace

void RunTasks(int count, int threads, const std::function<void(int)>& task) {
  threads = std::max(1, std::min(threads, count));
  if (threads == 1) {
    for (int i = 0; i < count; ++i) {
      task(i);
    }
    return;
  }
  Pool::Get().Run(count, threads, task);
}

void WakeHelpers(int threads) {
  if (threads > 1) {
    Pool::Get().Wake(threads);
  }
}

std::vector<int32_t> SplitRowsByVotes(const VoteMatrix& matrix, int blocks, bool decreasing) {
  std::vector<int32_t> bounds(blocks + 1, matrix.rows);
  bounds[0] = 0;
  const uint64_t nnz = matrix.row_start[matrix.rows];
  // Decreasing: block b's share is proportional to blocks + 2 - b (8 blocks: 10/52 down to 3/52).
  const auto weight_before = [&](uint64_t b) {
    return decreasing ? b * (2 * blocks + 5 - b) / 2 : b;
  };
  const uint64_t total = weight_before(blocks);
  for (int b = 1; b < blocks; ++b) {
    const uint64_t target = nnz * weight_before(b) / total;
    const auto it = std::lower_bound(matrix.row_start.begin(), matrix.row_start.end(), target);
    bounds[b] = std::max(bounds[b - 1], static_cast<int32_t>(std::min<ptrdiff_t>(
                                            it - matrix.row_start.begin(), matrix.rows)));
  }
  return bounds;
}

int BlockCount(const VoteMatrix& matrix) {
  return matrix.nnz() < 200'000 ? 1 : 8;
}

}  // namespace plenary::opinion
