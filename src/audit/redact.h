#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/actor.h"
#include "audit/trail.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"

// Erasing a person's data from the audit trail (a data-protection erasure) without breaking its
// hash chain: only format 2 entries can be redacted, because their hash covers salted digests of
// the actor label and the payloads rather than the values (README.md, "Redaction").
namespace plenary::audit {

// The entry that records an erasure: object "person" <user id>, action "erase".
inline constexpr std::string_view kErasureObjectType = "person";
inline constexpr std::string_view kErasureAction = "erase";

struct ObjectRef {
  std::string object_type;
  std::string object_id;
};

struct Redaction {
  int64_t user_id = 0;             // the person (> 0): their entries get `label` as actor label
  std::string label;               // the pseudonym, e.g. "erased person #12"; not empty
  std::vector<ObjectRef> objects;  // entries about these objects lose their before/after values
  Actor by;                        // who orders the erasure: the actor of the erase entry
};

struct RedactionReport {
  int64_t redacted = 0;        // entries in which a value was erased now
  int64_t kept = 0;            // format 1 entries left whole: erasing in them breaks the chain
  int64_t erase_entry_id = 0;  // the entry that records this erasure
};

// Runs inside the caller's write transaction. In each format 2 entry made by `what.user_id`, sets
// the actor label to `what.label` and deletes its salt; in each format 2 entry about one of
// `what.objects` (erase entries excepted), sets before and after to kRedactedPayload and deletes
// their salt; sets redacted_at to `at` in the entries it changes. Values already erased are left
// as they are and not counted. Then appends the erase entry, by `what.by` (named by the pseudonym
// when people erase themselves), after = {"label", "objects", "redacted", "kept"}: Verify accepts
// an erased value only when a later erase entry names its pseudonym or lists its object.
// kInvalidArgument when user_id <= 0, the label is empty or an object has an empty type or id.
Result<RedactionReport> Redact(storage::Connection& db, const Redaction& what, Timestamp at);

}  // namespace plenary::audit
