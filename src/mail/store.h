#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "mail/outbox.h"
#include "storage/database.h"

// The mail module's only SQL (table in migrations/0005_mail_outbox.sql).
namespace plenary::mail::store {

using storage::Connection;

Result<int64_t> InsertMessage(Connection& db, const Message& message, std::string_view created_at,
                              MessageStatus status, std::optional<int64_t> next_attempt_ms);

// `filter.limit` must already be clamped.
Result<std::vector<StoredMessage>> SelectMessages(Connection& db, const OutboxFilter& filter);
Result<std::optional<StoredMessage>> SelectMessage(Connection& db, int64_t id);
Result<std::vector<StoredMessage>> SelectToRecipient(Connection& db, std::string_view address);
// Replaces recipient and body of every message to `address`; returns how many.
Result<int64_t> EraseRecipient(Connection& db, std::string_view address,
                               std::string_view replacement, std::string_view body);

// Claims the pending message that has been due longest (next_attempt_ms <= now_ms): counts an
// attempt and moves next_attempt_ms to `lease_until_ms`, so that no other courier takes it
// while it is being sent. Returns it as claimed, or nullopt when nothing is due.
Result<std::optional<StoredMessage>> ClaimNextDue(Connection& db, int64_t now_ms,
                                                  int64_t lease_until_ms);

// Outcomes of an attempt; each changes only a message that is still pending.
Status MarkSent(Connection& db, int64_t id, std::string_view sent_at);
Status MarkRetry(Connection& db, int64_t id, std::string_view error, int64_t next_attempt_ms);
Status MarkFailed(Connection& db, int64_t id, std::string_view error);

}  // namespace plenary::mail::store
