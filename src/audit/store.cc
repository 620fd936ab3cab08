#include "audit/store.h"

#include <span>
#include <string>

namespace plenary::audit::store {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kSelectLast = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
constexpr std::string_view kInsertEntry =
    "INSERT INTO audit_log (id, at, actor_user_id, actor_label, process_id, object_type, "
    "object_id, action, before_json, after_json, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSelectAfter =
    "SELECT id, at, actor_user_id, actor_label, process_id, object_type, object_id, action, "
    "before_json, after_json, prev_hash, hash FROM audit_log WHERE id > ? ORDER BY id LIMIT ?";
constexpr std::string_view kSelectForObject =
    "SELECT id, at, actor_user_id, actor_label, process_id, object_type, object_id, action, "
    "before_json, after_json, prev_hash, hash FROM audit_log "
    "WHERE object_type = ? AND object_id = ? ORDER BY id";
constexpr std::string_view kSelectForProcess =
    "SELECT id, at, actor_user_id, actor_label, process_id, object_type, object_id, action, "
    "before_json, after_json, prev_hash, hash FROM audit_log "
    "WHERE process_id = ? AND id > ? ORDER BY id LIMIT ?";

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
  Value params[] = {e.id,          e.at,          e.actor.user_id, e.actor.label,
                    process_id,    e.object_type, e.object_id,     e.action,
                    e.before_json, e.after_json,  e.prev_hash,     e.hash};
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

}  // namespace plenary::audit::store
