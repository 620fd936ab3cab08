#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/actor.h"
#include "core/clock.h"
#include "privacy/holder.h"

namespace plenary::privacy {

// Everything every holder keeps about the account with this id, by module. kNotFound when
// there is no such account (a holder reports it).
Result<nlohmann::json> ExportPerson(storage::Database& db, std::span<const Holder> holders,
                                    int64_t user_id);

struct ErasureReport {
  int64_t user_id = 0;
  std::string pseudonym;
  std::vector<std::string> done;
  std::vector<std::string> kept;
  int64_t audit_entries_redacted = 0;
  int64_t audit_entries_kept = 0;  // written before redaction existed (audit format 1)
  int64_t erase_entry_id = 0;      // the audit entry that records this erasure
  nlohmann::json ToJson() const;
};

// Runs every holder's erasure and redacts the audit trail (the person's label as actor and
// the payloads of the objects the holders name) in one transaction: all or nothing.
// Positions and decisions taken in a member's name are not the person's data and stay.
Result<ErasureReport> ErasePerson(storage::Database& db, const Clock& clock,
                                  std::span<const Holder> holders, int64_t user_id,
                                  const audit::Actor& by);

// "erased person 12": the name every record shows afterwards.
std::string Pseudonym(int64_t user_id);

}  // namespace plenary::privacy
