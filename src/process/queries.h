#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "process/commands.h"
#include "process/model.h"

// Named reads of the process module, each one consistent read.
namespace plenary::process {

Result<std::vector<Process>> ReadProcesses(Context& ctx);
Result<Process> ReadProcess(Context& ctx, int64_t id);
Result<std::vector<Country>> ReadCountries(Context& ctx);
Result<std::optional<Country>> ReadCountry(Context& ctx, const std::string& code);

// A process with its members and the countries they name, keyed by ISO alpha-3.
struct Roster {
  Process process;
  std::vector<Member> members;
  std::shared_ptr<const CountryMap> countries;  // never null
  const Country* CountryOf(const Member& m) const {
    auto it = countries->find(m.country_iso3);
    return it == countries->end() ? nullptr : &it->second;
  }
};
Result<Roster> ReadRoster(Context& ctx, int64_t process_id);

}  // namespace plenary::process
