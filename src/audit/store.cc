#include "audit/store.h"

#include <span>
#include <string>

namespace plenary::audit::store {
namespace {

using storage::Row;
using storage::Value;

// Every SELECT of entries lists the columns in this order (EntryFromRow).
constexpr std::string_view kSelectLast = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
constexpr std::string_view kInsertEntry =
    "INSERT INTO audit_log (id, at, actor_user_id, actor_label, process_id, object_type, "
    "object_id, action, before_json, after_json, prev_hash, hash, format, actor_salt, "
    "actor_digest, payload_salt, payload_digest, redacted_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSelectAfter =
    "SELECT id, at, actor_user_id, actor_label, process_id, object_type, object_id, action, "
    "before_json, after_json, prev_hash, hash, format, actor_salt, actor_digest, payload_salt, "
    "payload_digest, redacted_at FROM audit_log WHERE id > ? ORDER BY id LIMIT ?";
constexpr std::string_view kSelectForObject =
    "SELECT id, at, actor_user_id, actor_label, process_id, object_type, object_id, action, "
    "before_json, after_json, prev_hash, hash, format, actor_salt, actor_digest, payload_salt, "
    "payload_digest, redacted_at FROM audit_log "
    "WHERE object_type = ? AND object_id = ? ORDER BY id";
constexpr std::string_view kSelectForProcess =
    "SELECT id, at, actor_user_id, actor_label, process_id, object_type, object_id, action, "
    "before_json, after_json, prev_hash, hash, format, actor_salt, actor_digest, payload_salt, "
    "payload_digest, redacted_at FROM audit_log "
    "WHERE process_id = ? AND id > ? ORDER BY id LIMIT ?";
constexpr std::string_view kSelectForActor =
    "SELECT id, at, actor_user_id, actor_label, process_id, object_type, object_id, action, "
    "before_json, after_json, prev_hash, hash, format, actor_salt, actor_digest, payload_salt, "
    "payload_digest, redacted_at FROM audit_log WHERE actor_user_id = ? ORDER BY id";
constexpr std::string_view kSelectForTypeAndAction =
    "SELECT id, at, actor_user_id, actor_label, process_id, object_type, object_id, action, "
    "before_json, after_json, prev_hash, hash, format, actor_salt, actor_digest, payload_salt, "
    "payload_digest, redacted_at FROM audit_log WHERE object_type = ? AND action = ? ORDER BY id";
// Only format 2 rows whose salt is still there: a value is erased once.
constexpr std::string_view kEraseActorLabel =
    "UPDATE audit_log SET actor_label = ?, actor_salt = '', redacted_at = ? "
    "WHERE id = ? AND format = 2 AND actor_salt <> ''";
constexpr std::string_view kErasePayload =
    "UPDATE audit_log SET before_json = ?, after_json = ?, payload_salt = '', redacted_at = ? "
    "WHERE id = ? AND format = 2 AND payload_salt <> ''";

Entry EntryFromRow(const Row& row) {
  Entry e;
  e.id = row.Int(0);
  e.at = row.Text(1);
  e.actor.user_id = row.Int(2);
  e.actor.label = row.Text(3);
  e.process_id = row.OptionalInt(4);
  e.object_type = row.Text(5);
  e.object_id = row.Text(6);
  e.action = row.Text(7);
  e.before_json = row.Text(8);
  e.after_json = row.Text(9);
  e.prev_hash = row.Text(10);
  e.hash = row.Text(11);
  e.format = static_cast<int>(row.Int(12));
  e.actor_salt = row.Text(13);
  e.actor_digest = row.Text(14);
  e.payload_salt = row.Text(15);
  e.payload_digest = row.Text(16);
  e.redacted_at = row.OptionalText(17);
  return e;
}

Result<std::vector<Entry>> Entries(Connection& db, std::string_view sql,
                                   std::span<const Value> params) {
  ASSIGN_OR_RETURN(auto rows, db.Query(sql, params));
  std::vector<Entry> out;
  out.reserve(rows.rows.size());
  for (const Row& row : rows.rows) {
    out.push_back(EntryFromRow(row));
  }
  return out;
}

// Ok when the statement changed exactly one row.
Status ExpectOneRow(const Result<int64_t>& changed, int64_t id) {
  if (!changed) {
    return changed.error();
  }
  return *changed == 1 ? Status::Ok()
                       : Conflict("audit entry " + std::to_string(id) + " cannot be erased");
}

}  // namespace

Result<std::optional<Head>> LastEntry(Connection& db) {
  ASSIGN_OR_RETURN(auto rows, db.Query(kSelectLast));
  if (rows.empty()) {
    return std::optional<Head>();
  }
  return std::optional<Head>(Head{rows.rows[0].Int(0), rows.rows[0].Text(1)});
}

Status InsertEntry(Connection& db, const Entry& e) {
  Value process_id = e.process_id ? Value(*e.process_id) : Value();
  Value redacted_at = e.redacted_at ? Value(*e.redacted_at) : Value();
  Value params[] = {e.id,
                    e.at,
                    e.actor.user_id,
                    e.actor.label,
                    process_id,
                    e.object_type,
                    e.object_id,
                    e.action,
                    e.before_json,
                    e.after_json,
                    e.prev_hash,
                    e.hash,
                    static_cast<int64_t>(e.format),
                    e.actor_salt,
                    e.actor_digest,
                    e.payload_salt,
                    e.payload_digest,
                    redacted_at};
  return detail::ToStatus(db.Execute(kInsertEntry, params));
}

Result<std::vector<Entry>> ListAfter(Connection& db, int64_t after_id, int64_t limit) {
  Value params[] = {after_id, limit};
  return Entries(db, kSelectAfter, params);
}

Result<std::vector<Entry>> ListForObject(Connection& db, std::string_view object_type,
                                         std::string_view object_id) {
  Value params[] = {std::string(object_type), std::string(object_id)};
  return Entries(db, kSelectForObject, params);
}

Result<std::vector<Entry>> ListForProcess(Connection& db, int64_t process_id, int64_t after_id,
                                          int64_t limit) {
  Value params[] = {process_id, after_id, limit};
  return Entries(db, kSelectForProcess, params);
}

Result<std::vector<Entry>> ListForActor(Connection& db, int64_t user_id) {
  Value params[] = {user_id};
  return Entries(db, kSelectForActor, params);
}

Result<std::vector<Entry>> ListForTypeAndAction(Connection& db, std::string_view object_type,
                                                std::string_view action) {
  Value params[] = {std::string(object_type), std::string(action)};
  return Entries(db, kSelectForTypeAndAction, params);
}

Status EraseActorLabel(Connection& db, int64_t id, std::string_view label,
                       std::string_view redacted_at) {
  Value params[] = {std::string(label), std::string(redacted_at), id};
  return ExpectOneRow(db.Execute(kEraseActorLabel, params), id);
}

Status ErasePayload(Connection& db, int64_t id, std::string_view redacted_at) {
  Value params[] = {std::string(kRedactedPayload), std::string(kRedactedPayload),
                    std::string(redacted_at), id};
  return ExpectOneRow(db.Execute(kErasePayload, params), id);
}

}  // namespace plenary::audit::store
