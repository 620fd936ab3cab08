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
// canonical forms that are hashed). Personal data in format 2 entries can be erased without
// breaking the chain (redact.h).
namespace plenary::audit {

// Format 1: the hash covers the actor label and the payloads themselves (entries written before
// migration 0004). Format 2: it covers their salted digests, so the values can be erased.
inline constexpr int kFormatV1 = 1;
inline constexpr int kFormatV2 = 2;
// What before_json and after_json hold once a format 2 entry's payload is erased.
inline constexpr std::string_view kRedactedPayload = R"({"redacted":true})";

// One change, as the use case that makes it describes it.
struct Change {
  std::string object_type;            // "process", "member", ...
  std::string object_id;              // the object's id, as text
  std::optional<int64_t> process_id;  // the process it belongs to, for per-process listings
  std::string action;                 // "create", "update", "add", "erase", ...
  nlohmann::json before;              // null when the object did not exist
  nlohmann::json after;               // null when it no longer exists
};

// One entry, exactly as stored (CanonicalForm says which fields its hash covers).
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
  int format = kFormatV2;
  // Format 2 only ("" in format 1). A salt is 16 random bytes in hex, "" once its value is erased;
  // the digests are ActorDigest() and PayloadDigest() of the values as written.
  std::string actor_salt;
  std::string actor_digest;
  std::string payload_salt;
  std::string payload_digest;
  std::optional<std::string> redacted_at;  // ISO 8601, when something in it was last erased

  bool redacted() const { return redacted_at.has_value(); }
  // As redact.h leaves an entry: the value replaced and its salt deleted.
  bool actor_erased() const { return format == kFormatV2 && redacted() && actor_salt.empty(); }
  bool payload_erased() const { return format == kFormatV2 && redacted() && payload_salt.empty(); }
};

// Appends `change` to the log on `db`, which must be inside the caller's write transaction so
// that the change and its record commit or roll back together. Writes format 2, with a new random
// salt for the actor label and one for the payloads. kInvalidArgument when object_type,
// object_id or action is empty; kInternal when no random salt can be made.
Status Append(storage::Connection& db, const Actor& actor, const Change& change, Timestamp at);

// The bytes that are hashed, as netstrings (README.md). Format 1: every stored field but `hash`.
// Format 2: the same with actor_digest for actor_label and payload_digest for the two payloads.
std::string CanonicalForm(const Entry& entry);
// Lower-case hex SHA-256 of CanonicalForm(entry).
std::string ComputeHash(const Entry& entry);
// Lower-case hex SHA-256 of netstrings(salt, label).
std::string ActorDigest(std::string_view salt, std::string_view label);
// Lower-case hex SHA-256 of netstrings(salt, before_json, after_json).
std::string PayloadDigest(std::string_view salt, std::string_view before_json,
                          std::string_view after_json);

enum class Breach {
  kNone,
  kGap,           // an id is missing: the entry was deleted
  kLinkBroken,    // prev_hash is not the previous entry's hash
  kHashMismatch,  // the entry's content does not match its hash or digests: it was altered (or
                  // marked erased without an erasure entry later in the chain that allows it)
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
// An erased value is accepted only as redact.h leaves it: a pseudonym named by a later "erase"
// entry for that person, or the exact kRedactedPayload of an object a later "erase" entry lists.
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
// action, before, after (parsed), prev_hash, hash, format, actor_digest, payload_digest,
// redacted (bool), redacted_at (null unless redacted). Salts are not published: a digest whose
// salt was never public cannot be matched against guessed names once the salt is deleted.
nlohmann::json ToJson(const Entry& entry);

}  // namespace plenary::audit
