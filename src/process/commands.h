#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "audit/actor.h"
#include "core/clock.h"
#include "core/result.h"
#include "process/model.h"
#include "storage/database.h"

// The process module's use cases: one entry point each, each one transaction. Refusals are
// Status values naming what was wrong. `actor` is who makes the change, for the audit trail.
namespace plenary::process {

using CountryMap = std::map<std::string, Country>;  // by ISO alpha-3

struct Context {
  storage::Database& db;
  const Clock& clock;
  // The UN M49 reference list, immutable while serving: loaded once at start-up
  // (LoadCountryMap) so page reads do not copy 248 rows each time. Read from the database
  // when absent.
  std::shared_ptr<const CountryMap> countries = nullptr;
};

Result<std::shared_ptr<const CountryMap>> LoadCountryMap(storage::Database& db);

// The country of an ISO alpha-3 or alpha-2 code (any case) or an M49 code; nullptr when none.
// Alpha-3, what forms and the API send, is one lookup; the others a walk of the list.
const Country* FindCountry(const CountryMap& countries, std::string_view code);

// kInvalidArgument for bad input; kConflict when the short name is taken.
Result<Process> CreateProcess(Context& ctx, const audit::Actor& actor, const nlohmann::json& body);
// Changes only the fields present. kNotFound when there is no such process.
Result<Process> UpdateProcess(Context& ctx, const audit::Actor& actor, int64_t id,
                              const nlohmann::json& body);
// Adds a member or seat; the country may be given as ISO alpha-3, alpha-2 or M49 code.
// kInvalidArgument names an unknown country code or stakeholder group.
Result<Member> AddMember(Context& ctx, const audit::Actor& actor, int64_t process_id,
                         const nlohmann::json& body);

}  // namespace plenary::process
