// Verify(): walks the chain and names the first entry that is missing, unlinked or altered.
#include <charconv>
#include <map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/redact.h"
#include "audit/store.h"
#include "audit/trail.h"

namespace plenary::audit {
namespace {

using nlohmann::json;

constexpr int64_t kVerifyBatch = 1000;

// What the erase entries allow, each key mapped to the last erase entry that allows it. They are
// read before the walk and trusted only for entries before them: the walk checks them in turn.
struct Erasures {
  std::map<std::pair<int64_t, std::string>, int64_t> pseudonyms;   // (person, label)
  std::map<std::pair<std::string, std::string>, int64_t> objects;  // (type, id)

  bool AllowsPseudonym(const Entry& e) const {
    auto it = pseudonyms.find({e.actor.user_id, e.actor.label});
    return it != pseudonyms.end() && it->second > e.id;
  }
  bool AllowsPayload(const Entry& e) const {
    auto it = objects.find({e.object_type, e.object_id});
    return it != objects.end() && it->second > e.id;
  }
};

void AddErasure(const Entry& e, Erasures& out) {
  json after = json::parse(e.after_json, nullptr, false);
  int64_t person = 0;
  const char* end = e.object_id.data() + e.object_id.size();
  if (!after.is_object() || std::from_chars(e.object_id.data(), end, person).ptr != end) {
    return;
  }
  if (auto label = after.find("label"); label != after.end() && label->is_string()) {
    out.pseudonyms[{person, label->get<std::string>()}] = e.id;
  }
  auto objects = after.find("objects");
  if (objects == after.end() || !objects->is_array()) {
    return;
  }
  for (const json& object : *objects) {
    auto type = object.find("object_type");
    auto id = object.find("object_id");
    if (object.is_object() && type != object.end() && type->is_string() && id != object.end() &&
        id->is_string()) {
      out.objects[{type->get<std::string>(), id->get<std::string>()}] = e.id;
    }
  }
}

Result<Erasures> LoadErasures(storage::Connection& c) {
  ASSIGN_OR_RETURN(auto entries,
                   store::ListForTypeAndAction(c, kErasureObjectType, kErasureAction));
  Erasures out;
  for (const Entry& e : entries) {  // in id order: the last one wins
    AddErasure(e, out);
  }
  return out;
}

// Why the stored values of `e` do not match what its hash covers, or "" when they do.
std::string CheckValues(const Entry& e, const Erasures& erasures) {
  if (e.format == kFormatV1) {
    return e.redacted() ? "marked erased, but a format 1 entry cannot be erased" : "";
  }
  if (e.format != kFormatV2) {
    return fmt::format("unknown format {}", e.format);
  }
  bool salt_deleted = e.actor_salt.empty() || e.payload_salt.empty();
  if (e.redacted() != salt_deleted) {
    return e.redacted() ? "marked erased, but nothing in it was erased"
                        : "a salt is missing, but it is not marked erased";
  }
  if (!e.actor_erased() && ActorDigest(e.actor_salt, e.actor.label) != e.actor_digest) {
    return "the actor label does not match its digest: it was altered";
  }
  if (e.actor_erased() && !erasures.AllowsPseudonym(e)) {
    return fmt::format(
        "the actor label was erased, but no later erase entry for person {} names "
        "the pseudonym '{}'",
        e.actor.user_id, e.actor.label);
  }
  if (!e.payload_erased() &&
      PayloadDigest(e.payload_salt, e.before_json, e.after_json) != e.payload_digest) {
    return "the values before and after do not match their digest: they were altered";
  }
  if (e.payload_erased() &&
      (e.before_json != kRedactedPayload || e.after_json != kRedactedPayload)) {
    return "the values are marked erased but hold something else than the erasure marker";
  }
  if (e.payload_erased() && !erasures.AllowsPayload(e)) {
    return "the values were erased, but no later erase entry lists this object";
  }
  return "";
}

// Checks one entry against the one before it (`previous` is null for the first).
void CheckEntry(const Entry& entry, const store::Head* previous, const Erasures& erasures,
                VerifyReport& report) {
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
  if (std::string why = CheckValues(entry, erasures); !why.empty()) {
    report.breach = Breach::kHashMismatch;
    report.broken_id = entry.id;
    report.what = "hash mismatch: " + why;
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

Result<VerifyReport> Verify(storage::Database& db) {
  VerifyReport report;
  Status status = db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(const Erasures erasures, LoadErasures(c));
    std::optional<store::Head> previous;
    while (true) {
      ASSIGN_OR_RETURN(auto batch, store::ListAfter(c, previous ? previous->id : 0, kVerifyBatch));
      for (const Entry& entry : batch) {
        CheckEntry(entry, previous ? &*previous : nullptr, erasures, report);
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

}  // namespace plenary::audit
