#pragma once

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "process/model.h"

// JSON in and out for the process API. Input is checked strictly: an unknown field, a wrong
// type or an invalid value is refused with a message naming the field.
namespace plenary::process {

nlohmann::json ToJson(const Process& process);
nlohmann::json ToJson(const Member& member, const Country* country);
nlohmann::json ToJson(const Country& country);

// For POST: `title` and `short_name` are required. For PATCH pass the stored process as `base`
// and only the fields present are changed.
Result<Process> ProcessFromJson(const nlohmann::json& body, const Process* base);

// Checks everything but the country code, which the caller resolves against reference data
// (the code is left in `country_iso3` as given).
Result<Member> MemberFromJson(const nlohmann::json& body);

}  // namespace plenary::process
