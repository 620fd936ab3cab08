#include "accreditation/queries.h"

#include <map>

#include <fmt/format.h>

#include "accreditation/store.h"
#include "auth/accounts.h"
#include "process/store.h"

namespace plenary::accreditation {
namespace {

std::string SeatLabel(const process::Member& m) {
  if (!m.organisation.empty()) {
    return fmt::format("{} ({})", m.seat_label, m.organisation);
  }
  if (!m.country_iso3.empty()) {
    return fmt::format("{} ({})", m.seat_label, m.country_iso3);
  }
  return m.seat_label;
}

}  // namespace

Result<std::vector<QueueEntry>> ReadQueue(const Context& ctx, int64_t process_id,
                                          std::optional<RequestStatus> status) {
  std::vector<QueueEntry> out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto requests, store::ListRequests(c, process_id, status));
    ASSIGN_OR_RETURN(auto members, process::store::ListMembers(c, process_id));
    std::map<int64_t, std::string> seats;
    for (const process::Member& m : members) {
      seats[m.id] = SeatLabel(m);
    }
    std::map<int64_t, std::optional<auth::Principal>> accounts;
    for (Request& r : requests) {
      auto it = accounts.find(r.user_id);
      if (it == accounts.end()) {
        ASSIGN_OR_RETURN(auto account, auth::FindAccount(c, r.user_id));
        it = accounts.emplace(r.user_id, std::move(account)).first;
      }
      QueueEntry entry{std::move(r), "", "", ""};
      if (it->second) {
        entry.requester_name = it->second->name;
        entry.requester_email = it->second->email;
      }
      if (entry.request.member_id) {
        entry.seat_label = seats[*entry.request.member_id];
      }
      out.push_back(std::move(entry));
    }
    return Status::Ok();
  }));
  return out;
}

Result<Letter> ReadLetter(const Context& ctx, int64_t process_id, int64_t request_id) {
  std::optional<Letter> letter;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(letter, store::FindLetter(c, process_id, request_id));
    return Status::Ok();
  }));
  if (!letter) {
    return Error(NotFound(
        fmt::format("process {} has no accreditation request {}", process_id, request_id)));
  }
  if (letter->bytes.empty()) {
    return Error(NotFound(fmt::format("the letter of request {} was erased", request_id)));
  }
  return std::move(*letter);
}

Result<std::vector<Request>> ReadOwnRequests(const Context& ctx, int64_t process_id,
                                             int64_t user_id) {
  std::vector<Request> out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out, store::ListRequestsOf(c, user_id, process_id));
    return Status::Ok();
  }));
  return out;
}

Result<ProcessSeats> ReadProcessSeats(const Context& ctx, int64_t process_id) {
  ProcessSeats out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(process::Process p, process::store::GetProcess(c, process_id));
    out.id = p.id;
    out.short_name = p.short_name;
    out.title = p.title;
    ASSIGN_OR_RETURN(auto members, process::store::ListMembers(c, process_id));
    for (const process::Member& m : members) {
      if (m.role == process::Role::kMember) {
        out.seats.push_back({m.id, SeatLabel(m)});
      }
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace plenary::accreditation
