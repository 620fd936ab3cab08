#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "process/model.h"
#include "storage/database.h"

// The process module's only SQL. Every value is bound.
namespace plenary::process::store {

using storage::Connection;

// Reference data: replaces the countries table with the embedded UN M49 list when it differs
// in size (idempotent; run at migrate and serve).
Status LoadCountries(Connection& db);
Result<std::vector<Country>> ListCountries(Connection& db);
// Finds a country by ISO 3166 alpha-3, alpha-2 or M49 code (case-insensitive letters).
Result<std::optional<Country>> FindCountry(Connection& db, std::string_view code);

Result<int64_t> InsertProcess(Connection& db, const Process& process, std::string_view now);
// kNotFound when there is no such process.
Result<Process> GetProcess(Connection& db, int64_t id);
Result<std::vector<Process>> ListProcesses(Connection& db);
// Updates the scalar fields, and replaces guiding questions and milestones.
Status UpdateProcess(Connection& db, const Process& process, std::string_view now);

Result<int64_t> InsertMember(Connection& db, const Member& member, std::string_view now);
Result<std::vector<Member>> ListMembers(Connection& db, int64_t process_id);
Result<int64_t> CountProcesses(Connection& db);

}  // namespace plenary::process::store
