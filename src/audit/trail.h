#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/actor.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"

// The tamper-evident audit trail: every change to the record, appended in the same transaction
// as the change, each entry chained to the previous one by SHA-256 (see README.md for the exact
// canonical form that is hashed).
namespace plenary::audit {

// One change, as the use case that makes it describes it.
struct Change {
  std::string object_type;            // "process", "member", ...
  std::string object_id;              // the object's id, as text
  std::optional<int64_t> process_id;  // the process it belongs to, for per-process listings
  std::string action;                 // "create", "update", "add", "erase", ...
  nlohmann::json before;              // null when the object did not exist
  nlohmann::json after;               // null when it no longer exists
};

// One stored entry, exactly as stored and hashed.
struct Entry {
  int64_t id = 0;
  std::string at;  // ISO 8601
  Actor actor;
  std::optional<int64_t> process_id;
  std::string object_type;
  std::string object_id;
  std::string action;
  std::string before_json;  // canonical JSON text
  std::string after_json;
  std::string prev_hash;  // "" for the first entry
  std::string hash;       // lower-case hex SHA-256 of CanonicalForm()
};

// Appends `change` to the log on `db`, which must be inside the caller's write transaction so
// that the change and its record commit or roll back together. kInvalidArgument when
// object_type, object_id or action is empty.
Status Append(storage::Connection& db, const Actor& actor, const Change& change, Timestamp at);

// The bytes that are hashed: every field of `entry` but `hash`, as netstrings (README.md).
std::string CanonicalForm(const Entry& entry);
// Lower-case hex SHA-256 of CanonicalForm(entry).
std::string ComputeHash(const Entry& entry);

enum class Breach {
  kNone,
  kGap,           // an id is missing: the entry was deleted
  kLinkBroken,    // prev_hash is not the previous entry's hash
  kHashMismatch,  // the entry's content does not match its hash: it was altered
};

struct VerifyReport {
  int64_t entries = 0;  // entries found whole before the first breach
  int64_t last_id = 0;  // the last whole entry, and its hash (the head, when intact)
  std::string last_hash;
  Breach breach = Breach::kNone;
  int64_t broken_id = 0;  // the first broken (or missing) entry
  std::string what;       // what is wrong with it, in words
  bool intact() const { return breach == Breach::kNone; }
};

// Walks the whole chain in id order, in one consistent read, and stops at the first breach.
// A Status error means the log could not be read, not that it is broken.
Result<VerifyReport> Verify(storage::Database& db);

// Every entry about one object, oldest first.
Result<std::vector<Entry>> History(storage::Database& db, std::string_view object_type,
                                   std::string_view object_id);

struct PageRequest {
  int64_t after_id = 0;  // entries with a larger id
  int64_t limit = 100;   // clamped to 1..kMaxPageSize
};
inline constexpr int64_t kMaxPageSize = 500;

// Entries of one process (the process itself and everything in it), oldest first, one page.
Result<std::vector<Entry>> ListForProcess(storage::Database& db, int64_t process_id,
                                          const PageRequest& page);

// The public JSON form: id, at, actor, actor_user_id, process_id, object_type, object_id,
// action, before, after (parsed), prev_hash, hash.
nlohmann::json ToJson(const Entry& entry);

}  // namespace plenary::audit
