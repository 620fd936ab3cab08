#include "mail/courier.h"

#include <algorithm>
#include <optional>
#include <string>

#include "core/log.h"
#include "mail/store.h"

namespace plenary::mail {
namespace {

int64_t Millis(Timestamp t) {
  return t.time_since_epoch().count();
}

enum class Outcome { kSent, kRetrying, kFailed };

// Records the outcome of one attempt on `message` (as claimed: its attempts include this one).
Result<Outcome> Record(storage::Database& db, const StoredMessage& message, const Status& sent,
                       Timestamp now) {
  Outcome outcome = Outcome::kSent;
  RETURN_IF_ERROR(db.Transaction([&](storage::Connection& c) -> Status {
    if (sent.ok()) {
      return store::MarkSent(c, message.id, FormatIso8601(now));
    }
    std::string error = Printable(sent.message(), 1000);
    if (sent.code() == StatusCode::kInvalidArgument || message.attempts >= kMaxAttempts) {
      outcome = Outcome::kFailed;
      return store::MarkFailed(c, message.id, error);
    }
    outcome = Outcome::kRetrying;
    return store::MarkRetry(c, message.id, error, Millis(now + RetryDelay(message.attempts)));
  }));
  return outcome;
}

void Log(const StoredMessage& message, Outcome outcome, const Status& sent) {
  std::string id = std::to_string(message.id);
  std::string attempts = std::to_string(message.attempts);
  switch (outcome) {
    case Outcome::kSent:
      log::Info("mail sent", {{"id", id}, {"kind", message.kind}, {"attempts", attempts}});
      break;
    case Outcome::kRetrying:
      log::Warn("mail retry", {{"id", id}, {"attempts", attempts}, {"error", sent.message()}});
      break;
    case Outcome::kFailed:
      log::Error("mail failed", {{"id", id}, {"attempts", attempts}, {"error", sent.message()}});
      break;
  }
}

}  // namespace

std::chrono::milliseconds RetryDelay(int64_t attempts) {
  constexpr std::chrono::milliseconds kFirst = std::chrono::minutes(1);
  constexpr std::chrono::milliseconds kLongest = std::chrono::hours(1);
  int64_t doublings = std::clamp<int64_t>(attempts - 1, 0, 6);  // 2^6 minutes is past the cap
  return std::min(kFirst * (int64_t{1} << doublings), kLongest);
}

Result<DeliveryReport> DeliverPending(storage::Database& db, Relay& relay, const Clock& clock,
                                      int max) {
  DeliveryReport report;
  // Longer than a send may take, so that nobody else claims the message meanwhile.
  const std::chrono::milliseconds lease = relay.timeout() * 2 + std::chrono::minutes(1);
  for (int i = 0; i < max; ++i) {
    Timestamp now = clock.Now();
    std::optional<StoredMessage> message;
    RETURN_IF_ERROR(db.Transaction([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(message, store::ClaimNextDue(c, Millis(now), Millis(now + lease)));
      return Status::Ok();
    }));
    if (!message) {
      break;
    }
    ++report.attempted;
    // Past the limit only when earlier attempts never got recorded (a crash while sending,
    // perhaps because of this very message): do not try again.
    Status sent = message->attempts > kMaxAttempts
                      ? Unavailable("given up: earlier attempts did not complete")
                      : relay.Send(*message);
    ASSIGN_OR_RETURN(Outcome outcome, Record(db, *message, sent, clock.Now()));
    Log(*message, outcome, sent);
    report.sent += outcome == Outcome::kSent ? 1 : 0;
    report.retrying += outcome == Outcome::kRetrying ? 1 : 0;
    report.failed += outcome == Outcome::kFailed ? 1 : 0;
  }
  return report;
}

Courier::Courier(storage::Database& db, Relay* relay, const Clock& clock, CourierOptions options)
    : db_(db), relay_(relay), clock_(clock), options_(options) {}

Courier::~Courier() {
  Stop();
}

void Courier::Start() {
  std::lock_guard lock(mutex_);
  if (relay_ == nullptr) {
    log::Info("mail relay none", {{"outbox", "messages are held for the admin pages"}});
    return;
  }
  if (!thread_.joinable() && !stopping_) {
    thread_ = std::thread([this] { Run(); });
  }
}

void Courier::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Courier::Notify() {
  {
    std::lock_guard lock(mutex_);
    notified_ = true;
  }
  wake_.notify_all();
}

void Courier::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    notified_ = false;  // a Notify() from now on asks for another pass
    lock.unlock();
    Result<DeliveryReport> report = DeliverPending(db_, *relay_, clock_, options_.batch);
    if (!report) {
      log::Warn("mail pass failed", {{"error", report.error().ToString()}});
    }
    bool full = report && report->attempted == options_.batch;
    lock.lock();
    if (!full) {
      wake_.wait_for(lock, options_.interval, [this] { return stopping_ || notified_; });
    }
  }
}

}  // namespace plenary::mail
