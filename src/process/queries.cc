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

Result<Roster> ReadRoster(Context& ctx, int64_t process_id) {
  Roster roster;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& db) -> Status {
    ASSIGN_OR_RETURN(roster.process, store::GetProcess(db, process_id));
    ASSIGN_OR_RETURN(roster.members, store::ListMembers(db, process_id));
    ASSIGN_OR_RETURN(auto countries, store::ListCountries(db));
    for (Country& c : countries) {
      std::string key = c.iso3;
      roster.countries.emplace(std::move(key), std::move(c));
    }
    return Status::Ok();
  }));
  return roster;
}

}  // namespace plenary::process
