#include "privacy/requests.h"

#include <fmt/format.h>

namespace plenary::privacy {

std::string Pseudonym(int64_t user_id) {
  return fmt::format("erased person {}", user_id);
}

nlohmann::json ErasureReport::ToJson() const {
  return {{"user_id", user_id},
          {"pseudonym", pseudonym},
          {"done", done},
          {"kept", kept},
          {"audit_entries_redacted", audit_entries_redacted},
          {"audit_entries_kept", audit_entries_kept},
          {"erase_entry_id", erase_entry_id}};
}

Result<nlohmann::json> ExportPerson(storage::Database& db, std::span<const Holder> holders,
                                    int64_t user_id) {
  nlohmann::json out = nlohmann::json::object();
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    for (const Holder& holder : holders) {
      ASSIGN_OR_RETURN(out[std::string(holder.module)], holder.export_data(c, user_id));
    }
    return Status::Ok();
  }));
  return out;
}

Result<ErasureReport> ErasePerson(storage::Database& db, const Clock& clock,
                                  std::span<const Holder> holders, int64_t user_id,
                                  const audit::Actor& by) {
  ErasureReport report;
  report.user_id = user_id;
  report.pseudonym = Pseudonym(user_id);
  RETURN_IF_ERROR(db.Transaction([&](storage::Connection& c) -> Status {
    audit::Redaction redaction;
    redaction.user_id = user_id;
    redaction.label = report.pseudonym;
    redaction.by = by;
    for (const Holder& holder : holders) {
      ASSIGN_OR_RETURN(Erasure erasure, holder.erase(c, user_id, report.pseudonym));
      report.done.insert(report.done.end(), erasure.done.begin(), erasure.done.end());
      report.kept.insert(report.kept.end(), erasure.kept.begin(), erasure.kept.end());
      redaction.objects.insert(redaction.objects.end(), erasure.audit_objects.begin(),
                               erasure.audit_objects.end());
    }
    ASSIGN_OR_RETURN(audit::RedactionReport redacted, audit::Redact(c, redaction, clock.Now()));
    report.audit_entries_redacted = redacted.redacted;
    report.audit_entries_kept = redacted.kept;
    report.erase_entry_id = redacted.erase_entry_id;
    return Status::Ok();
  }));
  report.kept.push_back(
      "positions and decisions taken in a member's name: they belong to the member (a "
      "government or organisation), not to the person, and stay in the official record");
  if (report.audit_entries_kept > 0) {
    report.kept.push_back(fmt::format(
        "{} audit entries written before erasure was possible (format 1): changing them would "
        "break the hash chain",
        report.audit_entries_kept));
  }
  return report;
}

}  // namespace plenary::privacy
