#include "accreditation/views.h"

#include <fmt/format.h>

#include "accreditation/letter.h"

namespace plenary::accreditation {
namespace {

using nlohmann::json;

std::string CapacityLabel(const Request& r, const Translate& t) {
  if (r.capacity == Capacity::kObserver) {
    return t("accreditation.capacity.observer", {});
  }
  return t(
      "accreditation.capacity.member_as",
      {{"role", t(fmt::format("accreditation.delegation_role.{}", Code(r.delegation_role)), {})}});
}

// The seat (and, if given, the government or organisation) of a member delegate; the
// organisation of an observer.
std::string Represents(const Request& r, std::string_view seat_label) {
  if (r.capacity == Capacity::kObserver || seat_label.empty()) {
    return r.organisation;
  }
  if (r.organisation.empty()) {
    return std::string(seat_label);
  }
  return fmt::format("{} — {}", seat_label, r.organisation);
}

std::string SeatLabelOf(const ProcessSeats& process, const std::optional<int64_t>& member_id) {
  if (!member_id) {
    return "";
  }
  for (const Seat& seat : process.seats) {
    if (seat.id == *member_id) {
      return seat.label;
    }
  }
  return "";
}

json ProcessJson(const ProcessSeats& process) {
  return {{"id", process.id}, {"short_name", process.short_name}, {"title", process.title}};
}

// The fields every listing of a request shows.
json RowJson(const Request& r, std::string_view seat_label, const Translate& t) {
  return {{"id", r.id},
          {"capacity_label", CapacityLabel(r, t)},
          {"represents", Represents(r, seat_label)},
          {"created_at", r.created_at},
          {"received", HumanTime(r.created_at)},
          {"status_label", t(fmt::format("accreditation.status.{}", Code(r.status)), {})},
          {"reason", r.reason},
          {"note", r.note}};
}

}  // namespace

std::string HumanTime(std::string_view iso) {
  if (iso.size() < 16) {
    return std::string(iso);
  }
  return fmt::format("{} {} UTC", iso.substr(0, 10), iso.substr(11, 5));
}

json RequestFormView(const ProcessSeats& process, const std::vector<Request>& own,
                     const FormValues& values, const Translate& t) {
  json seats = json::array();
  for (const Seat& seat : process.seats) {
    seats.push_back({{"id", seat.id},
                     {"label", seat.label},
                     {"selected", std::to_string(seat.id) == values.member_id}});
  }
  json roles = json::array();
  for (DelegationRole role : kDelegationRoles) {
    roles.push_back({{"code", Code(role)},
                     {"label", t(fmt::format("accreditation.delegation_role.{}", Code(role)), {})},
                     {"selected", Code(role) == values.delegation_role}});
  }
  json own_rows = json::array();
  for (const Request& r : own) {
    own_rows.push_back(RowJson(r, SeatLabelOf(process, r.member_id), t));
  }
  return {{"process", ProcessJson(process)},
          {"seats", seats},
          {"roles", roles},
          {"capacity_member", values.capacity == Code(Capacity::kMember)},
          {"capacity_observer", values.capacity == Code(Capacity::kObserver)},
          {"organisation", values.organisation},
          {"note", values.note},
          {"own", own_rows}};
}

json QueueView(const ProcessSeats& process, const std::vector<QueueEntry>& entries,
               const Translate& t) {
  json pending = json::array();
  json decided = json::array();
  for (const QueueEntry& e : entries) {
    const Request& r = e.request;
    json row = RowJson(r, e.seat_label, t);
    row["name"] = e.requester_name;
    row["email"] = e.requester_email;
    row["letter_url"] =
        r.letter_bytes > 0
            ? fmt::format("/api/processes/{}/accreditations/{}/letter", r.process_id, r.id)
            : "";
    row["letter_name"] = r.letter_filename;
    row["letter_size"] = FormatBytes(r.letter_bytes);
    row["decided_at"] = r.decided_at;
    row["decided_on"] = HumanTime(r.decided_at);
    (r.status == RequestStatus::kPending ? pending : decided).push_back(std::move(row));
  }
  return {{"process", ProcessJson(process)}, {"pending", pending}, {"decided", decided}};
}

}  // namespace plenary::accreditation
