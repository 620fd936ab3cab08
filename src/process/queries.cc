#include "process/queries.h"

#include "process/store.h"

namespace plenary::process {

Result<std::vector<Process>> ReadProcesses(Context& ctx) {
  std::vector<Process> out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& db) -> Status {
    ASSIGN_OR_RETURN(out, store::ListProcesses(db));
    return Status::Ok();
  }));
  return out;
}

Result<Process> ReadProcess(Context& ctx, int64_t id) {
  Process out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& db) -> Status {
    ASSIGN_OR_RETURN(out, store::GetProcess(db, id));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<Country>> ReadCountries(Context& ctx) {
  std::vector<Country> out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& db) -> Status {
    ASSIGN_OR_RETURN(out, store::ListCountries(db));
    return Status::Ok();
  }));
  return out;
}

Result<std::optional<Country>> ReadCountry(Context& ctx, const std::string& code) {
  std::optional<Country> out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& db) -> Status {
    ASSIGN_OR_RETURN(out, store::FindCountry(db, code));
    return Status::Ok();
  }));
  return out;
}

const Country* FindCountry(const CountryMap& countries, std::string_view code) {
  if (code.empty() || code.size() > 3) {
    return nullptr;
  }
  std::string upper(code);
  for (char& ch : upper) {
    ch = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
  }
  if (auto it = countries.find(upper); it != countries.end()) {
    return &it->second;
  }
  for (const auto& [iso3, country] : countries) {
    if (country.iso2 == upper || country.m49 == code) {
      return &country;
    }
  }
  return nullptr;
}

Result<std::shared_ptr<const CountryMap>> LoadCountryMap(storage::Database& db) {
  auto map = std::make_shared<CountryMap>();
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto countries, store::ListCountries(c));
    for (Country& country : countries) {
      std::string key = country.iso3;
      map->emplace(std::move(key), std::move(country));
    }
    return Status::Ok();
  }));
  return std::shared_ptr<const CountryMap>(std::move(map));
}

Result<Roster> ReadRoster(Context& ctx, int64_t process_id) {
  Roster roster;
  if (ctx.countries) {
    roster.countries = ctx.countries;
  } else {
    ASSIGN_OR_RETURN(roster.countries, LoadCountryMap(ctx.db));
  }
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& db) -> Status {
    ASSIGN_OR_RETURN(roster.process, store::GetProcess(db, process_id));
    ASSIGN_OR_RETURN(roster.members, store::ListMembers(db, process_id));
    return Status::Ok();
  }));
  return roster;
}

}  // namespace plenary::process
