#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accreditation/commands.h"
#include "accreditation/model.h"

// Named reads of the accreditation module, each one consistent read.
namespace plenary::accreditation {

// A request with who made it and the seat it names: what the secretariat decides on.
struct QueueEntry {
  Request request;
  std::string requester_name;
  std::string requester_email;
  std::string seat_label;  // "" for observers
};

// One process's requests, oldest first: all, or those with `status`.
Result<std::vector<QueueEntry>> ReadQueue(const Context& ctx, int64_t process_id,
                                          std::optional<RequestStatus> status);

// The letter of a request. kNotFound when the process has no such request, or its letter was
// erased.
Result<Letter> ReadLetter(const Context& ctx, int64_t process_id, int64_t request_id);

// The account's own requests in one process, oldest first.
Result<std::vector<Request>> ReadOwnRequests(const Context& ctx, int64_t process_id,
                                             int64_t user_id);

// A seat a member delegate may ask to sit for.
struct Seat {
  int64_t id = 0;
  std::string label;  // the seat's label, with its holder when recorded
};

// What the request form needs of a process: its names and its seats of the membership.
struct ProcessSeats {
  int64_t id = 0;
  std::string short_name;
  std::string title;
  std::vector<Seat> seats;
};
// kNotFound for an unknown process.
Result<ProcessSeats> ReadProcessSeats(const Context& ctx, int64_t process_id);

}  // namespace plenary::accreditation
