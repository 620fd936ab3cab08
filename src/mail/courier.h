#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "mail/relay.h"
#include "storage/database.h"

// Delivery of the outbox's pending messages through the relay, with retries.
namespace plenary::mail {

// Attempts before a message is given up ('failed', kept visible in the outbox).
inline constexpr int64_t kMaxAttempts = 8;

// How long to wait after the `attempts`-th failed attempt (attempts >= 1): 1 minute, doubled for
// each further attempt, at most 1 hour.
std::chrono::milliseconds RetryDelay(int64_t attempts);

struct DeliveryReport {
  int attempted = 0;  // messages taken from the outbox
  int sent = 0;       // accepted by the relay
  int retrying = 0;   // failed, to be tried again later
  int failed = 0;     // failed for good: status 'failed'
};

// One pass: up to `max` pending messages whose next attempt is due, oldest due first. Each is
// claimed in its own short transaction (an attempt counted, next_attempt_ms moved past the time
// a send may take, so another courier sharing the database leaves it alone and a crash retries
// it later), sent outside any transaction, then marked 'sent', or its error recorded with
// next_attempt_ms = now + RetryDelay(attempts), or 'failed' after kMaxAttempts attempts or when
// the relay says the message can never be sent (kInvalidArgument). Delivery is at least once: a
// crash between the relay's acceptance and the mark sends the message again (same Message-ID).
// A Status error means the outbox could not be read or written; the report of what was done
// until then is lost but the outbox is consistent.
Result<DeliveryReport> DeliverPending(storage::Database& db, Relay& relay, const Clock& clock,
                                      int max);

struct CourierOptions {
  std::chrono::milliseconds interval{5000};  // between passes when there is nothing to do
  int batch = 20;                            // messages per pass
};

// Runs DeliverPending on a background thread: a pass every `interval`, another at once when a
// pass was full, and one early after Notify(). With no relay (nullptr) it does nothing: mail is
// held by Enqueue. `db`, `relay` and `clock` must outlive it. Thread-safe.
class Courier {
 public:
  Courier(storage::Database& db, Relay* relay, const Clock& clock, CourierOptions options = {});
  ~Courier();  // Stop()
  Courier(const Courier&) = delete;
  Courier& operator=(const Courier&) = delete;

  // Starts the thread (once; no-op without a relay).
  void Start();
  // Ends the thread after the message being sent, if any (at most the relay's timeout). Idempotent.
  void Stop();
  // Asks for a pass now, e.g. after a transaction that enqueued mail has committed.
  void Notify();

 private:
  void Run();

  storage::Database& db_;
  Relay* relay_;
  const Clock& clock_;
  CourierOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  bool notified_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace plenary::mail
