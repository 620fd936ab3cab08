#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"

// The outbox: every message the platform sends, recorded in the transaction of the change that
// causes it and kept afterwards, so the secretariat can see what was sent, what is waiting and
// what failed. Delivery is the courier's job (courier.h).
namespace plenary::mail {

// pending: waiting for the courier (next_attempt_ms says when); sent: accepted by the relay;
// held: no relay is configured, kept for the admin pages; failed: the courier gave up.
enum class MessageStatus { kPending, kSent, kHeld, kFailed };

std::string_view StatusName(MessageStatus status);  // "pending", "sent", "held", "failed"
std::optional<MessageStatus> ParseMessageStatus(std::string_view name);

// A message to send, as a use case describes it.
struct Message {
  std::string to;                     // one bare address: "ana@example.org"
  std::string subject;                // UTF-8, one line
  std::string body;                   // plain text, UTF-8; "\n" or "\r\n" line breaks
  std::string kind;                   // what it is for: "password_reset", ...
  std::optional<int64_t> process_id;  // the process it concerns, for per-process listings
};

inline constexpr size_t kMaxSubjectBytes = 400;
inline constexpr size_t kMaxBodyBytes = 512 * 1024;
inline constexpr size_t kMaxKindBytes = 64;

// Checks `message` as Enqueue does: the recipient (address.h: one address, no line breaks);
// the subject non-empty, valid UTF-8, at most kMaxSubjectBytes, with no line break or other
// control character (so nothing can be injected into the headers); the body valid UTF-8, at
// most kMaxBodyBytes, with no control character but tab and line breaks; the kind 1 to
// kMaxKindBytes of [a-z0-9_.-]; a process id, if any, positive. kInvalidArgument names the
// field and the reason.
Status ValidateMessage(const Message& message);

// Whether mail can leave: decided once at start-up (relay.h: a relay is configured or not).
enum class Delivery {
  kRelay,  // store as pending, due at once; the courier sends it
  kHold,   // store as held: no relay, the secretariat reads it in the admin pages
};

// Validates `message` and records it in the outbox on `db`, which must be inside the caller's
// write transaction, so that the message commits or rolls back with the change that causes it.
// Returns the message's id. Call Courier::Notify() after the transaction commits to send it
// without waiting for the next pass.
Result<int64_t> Enqueue(storage::Connection& db, const Message& message, Timestamp now,
                        Delivery delivery);

// One message as stored.
struct StoredMessage {
  int64_t id = 0;
  std::optional<int64_t> process_id;
  std::string to;
  std::string subject;
  std::string body;
  std::string kind;
  std::string created_at;  // ISO 8601
  MessageStatus status = MessageStatus::kPending;
  int64_t attempts = 0;                    // delivery attempts so far
  std::optional<std::string> last_error;   // from the latest failed attempt
  std::optional<int64_t> next_attempt_ms;  // Unix ms; only while pending
  std::optional<std::string> sent_at;      // ISO 8601; only once sent
};

inline constexpr int64_t kMaxPageSize = 500;

// Which messages to list: all, or one process's; any status, or one; oldest first, one page.
struct OutboxFilter {
  std::optional<int64_t> process_id;
  std::optional<MessageStatus> status;
  int64_t after_id = 0;  // messages with a larger id
  int64_t limit = 100;   // clamped to 1..kMaxPageSize
};

// One page of the outbox, in id order, read in one consistent read.
Result<std::vector<StoredMessage>> List(storage::Database& db, const OutboxFilter& filter);

// The message with `id`, or nullopt.
Result<std::optional<StoredMessage>> Find(storage::Database& db, int64_t id);

// The JSON form for the API and admin pages: id, process_id, to, subject, body, kind,
// created_at, status (name), attempts, last_error, next_attempt_at (ISO 8601), sent_at; null
// where there is no value. The body may carry secrets (a password-reset link): only the
// platform's administrators should be shown it.
nlohmann::json ToJson(const StoredMessage& message);

// For data-protection requests, inside the caller's transaction: every message to `address`;
// and its erasure (recipient replaced, body replaced by a note, pending mail failed unsent).
Result<std::vector<StoredMessage>> MessagesTo(storage::Connection& db, std::string_view address);
Result<int64_t> EraseMessagesTo(storage::Connection& db, std::string_view address,
                                std::string_view replacement);

}  // namespace plenary::mail
