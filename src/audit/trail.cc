#include "audit/trail.h"

#include <algorithm>
#include <array>

#include <sodium.h>

#include "audit/store.h"
#include "core/encoding.h"
#include "core/random_bytes.h"

namespace plenary::audit {
namespace {

constexpr size_t kSaltBytes = 16;

// Compact, keys sorted (nlohmann objects are ordered maps), UTF-8 kept as is; invalid UTF-8
// (which validated input never holds) becomes U+FFFD rather than an exception.
std::string CanonicalJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// 16 random bytes from the operating system, as lower-case hex (two an entry: RandomBytes draws
// them from a buffer, not a system call each).
std::string NewSalt() {
  std::array<unsigned char, kSaltBytes> salt;
  RandomBytes(salt);
  std::string hex =
      HexEncode(std::string_view(reinterpret_cast<const char*>(salt.data()), salt.size()));
  sodium_memzero(salt.data(), salt.size());
  return hex;
}

}  // namespace

Status Append(storage::Connection& db, const Actor& actor, const Change& change, Timestamp at) {
  if (change.object_type.empty() || change.object_id.empty() || change.action.empty()) {
    return InvalidArgument("an audit entry needs an object type, an object id and an action");
  }
  ASSIGN_OR_RETURN(auto head, store::LastEntry(db));
  Entry entry;
  entry.id = head ? head->id + 1 : 1;
  entry.at = FormatIso8601(at);
  entry.actor = actor;
  entry.process_id = change.process_id;
  entry.object_type = change.object_type;
  entry.object_id = change.object_id;
  entry.action = change.action;
  entry.before_json = CanonicalJson(change.before);
  entry.after_json = CanonicalJson(change.after);
  entry.prev_hash = head ? head->hash : "";
  entry.format = kFormatV2;
  entry.actor_salt = NewSalt();
  entry.payload_salt = NewSalt();
  entry.actor_digest = ActorDigest(entry.actor_salt, entry.actor.label);
  entry.payload_digest = PayloadDigest(entry.payload_salt, entry.before_json, entry.after_json);
  entry.hash = ComputeHash(entry);
  return store::InsertEntry(db, entry);
}

Result<std::vector<Entry>> History(storage::Database& db, std::string_view object_type,
                                   std::string_view object_id) {
  std::vector<Entry> out;
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out, store::ListForObject(c, object_type, object_id));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<Entry>> ListForProcess(storage::Database& db, int64_t process_id,
                                          const PageRequest& page) {
  int64_t limit = std::clamp<int64_t>(page.limit, 1, kMaxPageSize);
  std::vector<Entry> out;
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out, store::ListForProcess(c, process_id, page.after_id, limit));
    return Status::Ok();
  }));
  return out;
}

nlohmann::json ToJson(const Entry& e) {
  auto parse = [](const std::string& text) {
    nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
    return value.is_discarded() ? nlohmann::json(text) : value;
  };
  return {{"id", e.id},
          {"at", e.at},
          {"actor", e.actor.label},
          {"actor_user_id", e.actor.user_id},
          {"process_id", e.process_id ? nlohmann::json(*e.process_id) : nlohmann::json()},
          {"object_type", e.object_type},
          {"object_id", e.object_id},
          {"action", e.action},
          {"before", parse(e.before_json)},
          {"after", parse(e.after_json)},
          {"prev_hash", e.prev_hash},
          {"hash", e.hash},
          {"format", e.format},
          {"actor_digest", e.actor_digest},
          {"payload_digest", e.payload_digest},
          {"redacted", e.redacted()},
          {"redacted_at", e.redacted_at ? nlohmann::json(*e.redacted_at) : nlohmann::json()}};
}

}  // namespace plenary::audit
