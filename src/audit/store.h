#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/trail.h"
#include "core/result.h"
#include "storage/database.h"

// The audit module's only SQL. Every value is bound.
namespace plenary::audit::store {

using storage::Connection;

struct Head {
  int64_t id = 0;
  std::string hash;
};

// The last entry's id and hash, or nullopt when the log is empty.
Result<std::optional<Head>> LastEntry(Connection& db);
// Inserts `entry` with its own id (the appender keeps ids dense).
Status InsertEntry(Connection& db, const Entry& entry);
// Up to `limit` entries with id > after_id, in id order.
Result<std::vector<Entry>> ListAfter(Connection& db, int64_t after_id, int64_t limit);
Result<std::vector<Entry>> ListForObject(Connection& db, std::string_view object_type,
                                         std::string_view object_id);
Result<std::vector<Entry>> ListForProcess(Connection& db, int64_t process_id, int64_t after_id,
                                          int64_t limit);
// Every entry made by one account, in id order.
Result<std::vector<Entry>> ListForActor(Connection& db, int64_t user_id);
// Every entry with this object type and action (e.g. every erasure), in id order.
Result<std::vector<Entry>> ListForTypeAndAction(Connection& db, std::string_view object_type,
                                                std::string_view action);
// Replaces the actor label of format 2 entry `id` by `label` and deletes its salt; kConflict
// unless the entry is format 2 with its actor salt still there.
Status EraseActorLabel(Connection& db, int64_t id, std::string_view label,
                       std::string_view redacted_at);
// Replaces both payloads of format 2 entry `id` by kRedactedPayload and deletes their salt;
// kConflict unless the entry is format 2 with its payload salt still there.
Status ErasePayload(Connection& db, int64_t id, std::string_view redacted_at);

}  // namespace plenary::audit::store
