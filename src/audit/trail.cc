#include "audit/trail.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <sodium.h>

#include "audit/store.h"

namespace plenary::audit {
namespace {

constexpr std::string_view kFormatTag = "plenary-audit-v1";
constexpr int64_t kVerifyBatch = 1000;

// Compact, keys sorted (nlohmann objects are ordered maps), UTF-8 kept as is; invalid UTF-8
// (which validated input never holds) becomes U+FFFD rather than an exception.
std::string CanonicalJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void AppendNetstring(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ',';
}

// Checks one entry against the one before it (`previous` is null for the first).
void CheckEntry(const Entry& entry, const store::Head* previous, VerifyReport& report) {
  int64_t expected_id = previous ? previous->id + 1 : 1;
  if (entry.id != expected_id) {
    report.breach = Breach::kGap;
    report.broken_id = expected_id;
    report.what = previous ? fmt::format("missing: the log jumps from entry {} to entry {}",
                                         previous->id, entry.id)
                           : fmt::format("missing: the log starts at entry {}", entry.id);
    return;
  }
  std::string_view expected_prev = previous ? std::string_view(previous->hash) : "";
  if (entry.prev_hash != expected_prev) {
    report.breach = Breach::kLinkBroken;
    report.broken_id = entry.id;
    report.what = previous
                      ? fmt::format("prev_hash link broken: it is '{}' but entry {} has hash '{}'",
                                    entry.prev_hash, previous->id, previous->hash)
                      : fmt::format("prev_hash link broken: the first entry has prev_hash '{}'",
                                    entry.prev_hash);
    return;
  }
  std::string computed = ComputeHash(entry);
  if (entry.hash != computed) {
    report.breach = Breach::kHashMismatch;
    report.broken_id = entry.id;
    report.what = fmt::format("hash mismatch: the content was altered (stored '{}', computed '{}')",
                              entry.hash, computed);
  }
}

}  // namespace

std::string CanonicalForm(const Entry& e) {
  std::string out;
  AppendNetstring(out, kFormatTag);
  AppendNetstring(out, std::to_string(e.id));
  AppendNetstring(out, e.at);
  AppendNetstring(out, std::to_string(e.actor.user_id));
  AppendNetstring(out, e.actor.label);
  AppendNetstring(out, e.process_id ? std::to_string(*e.process_id) : "");
  AppendNetstring(out, e.object_type);
  AppendNetstring(out, e.object_id);
  AppendNetstring(out, e.action);
  AppendNetstring(out, e.before_json);
  AppendNetstring(out, e.after_json);
  AppendNetstring(out, e.prev_hash);
  return out;
}

std::string ComputeHash(const Entry& entry) {
  // SHA-256 needs no initialisation, but libsodium asks for sodium_init() before any use.
  [[maybe_unused]] static const bool ready = sodium_init() >= 0;
  std::string bytes = CanonicalForm(entry);
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    hex += fmt::format("{:02x}", byte);
  }
  return hex;
}

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
  entry.hash = ComputeHash(entry);
  return store::InsertEntry(db, entry);
}

Result<VerifyReport> Verify(storage::Database& db) {
  VerifyReport report;
  Status status = db.Read([&](storage::Connection& c) -> Status {
    std::optional<store::Head> previous;
    while (true) {
      ASSIGN_OR_RETURN(auto batch, store::ListAfter(c, previous ? previous->id : 0, kVerifyBatch));
      for (const Entry& entry : batch) {
        CheckEntry(entry, previous ? &*previous : nullptr, report);
        if (!report.intact()) {
          return Status::Ok();
        }
        previous = store::Head{entry.id, entry.hash};
        report.entries += 1;
        report.last_id = entry.id;
        report.last_hash = entry.hash;
      }
      if (static_cast<int64_t>(batch.size()) < kVerifyBatch) {
        return Status::Ok();
      }
    }
  });
  RETURN_IF_ERROR(status);
  return report;
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
          {"hash", e.hash}};
}

}  // namespace plenary::audit
