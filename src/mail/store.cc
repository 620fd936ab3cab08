#include "mail/store.h"

#include <span>
#include <string>

namespace plenary::mail::store {
namespace {

using storage::Row;
using storage::Value;

// Every SELECT and RETURNING lists the columns in FromRow's order.
constexpr std::string_view kInsertMessage =
    "INSERT INTO mail_outbox (process_id, recipient, subject, body, kind, created_at, status, "
    "attempts, next_attempt_ms) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?) RETURNING id";
constexpr std::string_view kSelectAll =
    "SELECT id, process_id, recipient, subject, body, kind, created_at, status, attempts, "
    "last_error, next_attempt_ms, sent_at FROM mail_outbox "
    "WHERE id > ? ORDER BY id LIMIT ?";
constexpr std::string_view kSelectToRecipient =
    "SELECT id, process_id, recipient, subject, body, kind, created_at, status, attempts, "
    "last_error, next_attempt_ms, sent_at FROM mail_outbox WHERE recipient = ? ORDER BY id";
// Pending mail to an erased person is never sent: it fails with the reason.
constexpr std::string_view kEraseRecipient =
    "UPDATE mail_outbox SET recipient = ?, body = ?, "
    "status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END, "
    "last_error = CASE WHEN status = 'pending' THEN 'erased before delivery' ELSE last_error END "
    "WHERE recipient = ?";
constexpr std::string_view kSelectByProcess =
    "SELECT id, process_id, recipient, subject, body, kind, created_at, status, attempts, "
    "last_error, next_attempt_ms, sent_at FROM mail_outbox "
    "WHERE process_id = ? AND id > ? ORDER BY id LIMIT ?";
constexpr std::string_view kSelectByStatus =
    "SELECT id, process_id, recipient, subject, body, kind, created_at, status, attempts, "
    "last_error, next_attempt_ms, sent_at FROM mail_outbox "
    "WHERE status = ? AND id > ? ORDER BY id LIMIT ?";
constexpr std::string_view kSelectByProcessAndStatus =
    "SELECT id, process_id, recipient, subject, body, kind, created_at, status, attempts, "
    "last_error, next_attempt_ms, sent_at FROM mail_outbox "
    "WHERE process_id = ? AND status = ? AND id > ? ORDER BY id LIMIT ?";
constexpr std::string_view kSelectById =
    "SELECT id, process_id, recipient, subject, body, kind, created_at, status, attempts, "
    "last_error, next_attempt_ms, sent_at FROM mail_outbox "
    "WHERE id = ?";
// Writers are serialised on both backends, so the sub-select and the update see the same row.
constexpr std::string_view kClaimNextDue =
    "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_ms = ? "
    "WHERE id = (SELECT id FROM mail_outbox WHERE status = ? AND next_attempt_ms <= ? "
    "ORDER BY next_attempt_ms, id LIMIT 1) "
    "RETURNING id, process_id, recipient, subject, body, kind, created_at, status, attempts, "
    "last_error, next_attempt_ms, sent_at";
constexpr std::string_view kMarkSent =
    "UPDATE mail_outbox SET status = ?, sent_at = ?, next_attempt_ms = NULL "
    "WHERE id = ? AND status = ?";
constexpr std::string_view kMarkRetry =
    "UPDATE mail_outbox SET last_error = ?, next_attempt_ms = ? WHERE id = ? AND status = ?";
constexpr std::string_view kMarkFailed =
    "UPDATE mail_outbox SET status = ?, last_error = ?, next_attempt_ms = NULL "
    "WHERE id = ? AND status = ?";

Value Name(MessageStatus status) {
  return std::string(StatusName(status));
}

Value Optional(const std::optional<int64_t>& value) {
  return value ? Value(*value) : Value();
}

StoredMessage FromRow(const Row& r) {
  StoredMessage m;
  m.id = r.Int(0);
  m.process_id = r.OptionalInt(1);
  m.to = r.Text(2);
  m.subject = r.Text(3);
  m.body = r.Text(4);
  m.kind = r.Text(5);
  m.created_at = r.Text(6);
  // The CHECK constraint allows only the four names.
  m.status = ParseMessageStatus(r.Text(7)).value_or(MessageStatus::kFailed);
  m.attempts = r.Int(8);
  m.last_error = r.OptionalText(9);
  m.next_attempt_ms = r.OptionalInt(10);
  m.sent_at = r.OptionalText(11);
  return m;
}

Result<std::vector<StoredMessage>> Messages(Connection& db, std::string_view sql,
                                            std::span<const Value> params) {
  ASSIGN_OR_RETURN(auto rows, db.Query(sql, params));
  std::vector<StoredMessage> out;
  out.reserve(rows.rows.size());
  for (const Row& row : rows.rows) {
    out.push_back(FromRow(row));
  }
  return out;
}

Result<std::optional<StoredMessage>> OneMessage(Connection& db, std::string_view sql,
                                                std::span<const Value> params) {
  ASSIGN_OR_RETURN(auto rows, db.Query(sql, params));
  if (rows.empty()) {
    return std::optional<StoredMessage>();
  }
  return std::optional<StoredMessage>(FromRow(rows.rows.front()));
}

Status Run(Connection& db, std::string_view sql, std::span<const Value> params) {
  return detail::ToStatus(db.Execute(sql, params));
}

}  // namespace

Result<int64_t> InsertMessage(Connection& db, const Message& message, std::string_view created_at,
                              MessageStatus status, std::optional<int64_t> next_attempt_ms) {
  Value params[] = {Optional(message.process_id),
                    message.to,
                    message.subject,
                    message.body,
                    message.kind,
                    std::string(created_at),
                    Name(status),
                    Optional(next_attempt_ms)};
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kInsertMessage, params, "new mail"));
  return row.Int(0);
}

Result<std::vector<StoredMessage>> SelectMessages(Connection& db, const OutboxFilter& filter) {
  if (filter.process_id && filter.status) {
    Value params[] = {*filter.process_id, Name(*filter.status), filter.after_id, filter.limit};
    return Messages(db, kSelectByProcessAndStatus, params);
  }
  if (filter.process_id) {
    Value params[] = {*filter.process_id, filter.after_id, filter.limit};
    return Messages(db, kSelectByProcess, params);
  }
  if (filter.status) {
    Value params[] = {Name(*filter.status), filter.after_id, filter.limit};
    return Messages(db, kSelectByStatus, params);
  }
  Value params[] = {filter.after_id, filter.limit};
  return Messages(db, kSelectAll, params);
}

Result<std::vector<StoredMessage>> SelectToRecipient(Connection& db, std::string_view address) {
  Value param = std::string(address);
  return Messages(db, kSelectToRecipient, std::span(&param, 1));
}

Result<int64_t> EraseRecipient(Connection& db, std::string_view address,
                               std::string_view replacement, std::string_view body) {
  Value params[] = {std::string(replacement), std::string(body), std::string(address)};
  return db.Execute(kEraseRecipient, params);
}

Result<std::optional<StoredMessage>> SelectMessage(Connection& db, int64_t id) {
  Value param = id;
  return OneMessage(db, kSelectById, std::span(&param, 1));
}

Result<std::optional<StoredMessage>> ClaimNextDue(Connection& db, int64_t now_ms,
                                                  int64_t lease_until_ms) {
  Value params[] = {lease_until_ms, Name(MessageStatus::kPending), now_ms};
  return OneMessage(db, kClaimNextDue, params);
}

Status MarkSent(Connection& db, int64_t id, std::string_view sent_at) {
  Value params[] = {Name(MessageStatus::kSent), std::string(sent_at), id,
                    Name(MessageStatus::kPending)};
  return Run(db, kMarkSent, params);
}

Status MarkRetry(Connection& db, int64_t id, std::string_view error, int64_t next_attempt_ms) {
  Value params[] = {std::string(error), next_attempt_ms, id, Name(MessageStatus::kPending)};
  return Run(db, kMarkRetry, params);
}

Status MarkFailed(Connection& db, int64_t id, std::string_view error) {
  Value params[] = {Name(MessageStatus::kFailed), std::string(error), id,
                    Name(MessageStatus::kPending)};
  return Run(db, kMarkFailed, params);
}

}  // namespace plenary::mail::store
