#include "accreditation/store.h"

#include <string>

namespace plenary::accreditation::store {
namespace {

using storage::Blob;
using storage::Row;
using storage::Rows;
using storage::Value;

constexpr std::string_view kInsertRequest =
    "INSERT INTO accreditation_requests (process_id, user_id, capacity, member_id, "
    "delegation_role, organisation, note, letter, letter_filename, letter_bytes, status, reason, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', '', ?) RETURNING id";
constexpr std::string_view kFindRequest =
    "SELECT id, process_id, user_id, capacity, member_id, delegation_role, organisation, note, "
    "letter_filename, letter_bytes, status, reason, decided_by, decided_at, created_at "
    "FROM accreditation_requests WHERE process_id = ? AND id = ?";
constexpr std::string_view kFindPending =
    "SELECT id FROM accreditation_requests "
    "WHERE process_id = ? AND user_id = ? AND capacity = ? AND status = 'pending'";
constexpr std::string_view kListByProcess =
    "SELECT id, process_id, user_id, capacity, member_id, delegation_role, organisation, note, "
    "letter_filename, letter_bytes, status, reason, decided_by, decided_at, created_at "
    "FROM accreditation_requests WHERE process_id = ? ORDER BY id";
constexpr std::string_view kListByProcessAndStatus =
    "SELECT id, process_id, user_id, capacity, member_id, delegation_role, organisation, note, "
    "letter_filename, letter_bytes, status, reason, decided_by, decided_at, created_at "
    "FROM accreditation_requests WHERE process_id = ? AND status = ? ORDER BY id";
constexpr std::string_view kListOfUser =
    "SELECT id, process_id, user_id, capacity, member_id, delegation_role, organisation, note, "
    "letter_filename, letter_bytes, status, reason, decided_by, decided_at, created_at "
    "FROM accreditation_requests WHERE user_id = ? ORDER BY id";
constexpr std::string_view kListOfUserInProcess =
    "SELECT id, process_id, user_id, capacity, member_id, delegation_role, organisation, note, "
    "letter_filename, letter_bytes, status, reason, decided_by, decided_at, created_at "
    "FROM accreditation_requests WHERE user_id = ? AND process_id = ? ORDER BY id";
constexpr std::string_view kListDecidedBy =
    "SELECT id, process_id, user_id, capacity, member_id, delegation_role, organisation, note, "
    "letter_filename, letter_bytes, status, reason, decided_by, decided_at, created_at "
    "FROM accreditation_requests WHERE decided_by = ? ORDER BY id";
constexpr std::string_view kRecordDecision =
    "UPDATE accreditation_requests SET status = ?, reason = ?, decided_by = ?, decided_at = ? "
    "WHERE id = ? AND status = 'pending'";
constexpr std::string_view kFindLetter =
    "SELECT letter_filename, letter FROM accreditation_requests WHERE process_id = ? AND id = ?";
constexpr std::string_view kEraseLettersAndNotes =
    "UPDATE accreditation_requests SET letter = ?, letter_filename = '', letter_bytes = 0, "
    "note = '' WHERE user_id = ?";

Value OptionalId(const std::optional<int64_t>& id) {
  return id ? Value{*id} : Value{};
}

Request RequestFromRow(const Row& row) {
  Request r;
  r.id = row.Int(0);
  r.process_id = row.Int(1);
  r.user_id = row.Int(2);
  r.capacity = ParseCapacity(row.Text(3)).value_or(Capacity::kObserver);
  r.member_id = row.OptionalInt(4);
  r.delegation_role = ParseDelegationRole(row.Text(5)).value_or(DelegationRole::kNone);
  r.organisation = row.Text(6);
  r.note = row.Text(7);
  r.letter_filename = row.Text(8);
  r.letter_bytes = row.Int(9);
  r.status = ParseStatus(row.Text(10)).value_or(RequestStatus::kPending);
  r.reason = row.Text(11);
  r.decided_by = row.OptionalInt(12);
  r.decided_at = row.Text(13);
  r.created_at = row.Text(14);
  return r;
}

std::vector<Request> RequestsFrom(const Rows& rows) {
  std::vector<Request> out;
  out.reserve(rows.rows.size());
  for (const Row& row : rows.rows) {
    out.push_back(RequestFromRow(row));
  }
  return out;
}

}  // namespace

Result<int64_t> InsertRequest(Connection& db, const Request& r, std::string_view letter,
                              std::string_view now) {
  Value params[] = {r.process_id,
                    r.user_id,
                    std::string(Code(r.capacity)),
                    OptionalId(r.member_id),
                    std::string(Code(r.delegation_role)),
                    r.organisation,
                    r.note,
                    Blob{std::string(letter)},
                    r.letter_filename,
                    static_cast<int64_t>(letter.size()),
                    std::string(now)};
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kInsertRequest, params, "the new request's id"));
  return row.Int(0);
}

Result<std::optional<Request>> FindRequest(Connection& db, int64_t process_id, int64_t id) {
  Value params[] = {process_id, id};
  ASSIGN_OR_RETURN(Rows rows, db.Query(kFindRequest, params));
  if (rows.empty()) {
    return std::optional<Request>();
  }
  return std::optional<Request>(RequestFromRow(rows.rows.front()));
}

Result<std::optional<int64_t>> FindPending(Connection& db, int64_t process_id, int64_t user_id,
                                           Capacity capacity) {
  Value params[] = {process_id, user_id, std::string(Code(capacity))};
  ASSIGN_OR_RETURN(Rows rows, db.Query(kFindPending, params));
  if (rows.empty()) {
    return std::optional<int64_t>();
  }
  return std::optional<int64_t>(rows.rows.front().Int(0));
}

Result<std::vector<Request>> ListRequests(Connection& db, int64_t process_id,
                                          std::optional<RequestStatus> status) {
  if (status) {
    Value params[] = {process_id, std::string(Code(*status))};
    ASSIGN_OR_RETURN(Rows rows, db.Query(kListByProcessAndStatus, params));
    return RequestsFrom(rows);
  }
  Value params[] = {process_id};
  ASSIGN_OR_RETURN(Rows rows, db.Query(kListByProcess, params));
  return RequestsFrom(rows);
}

Result<std::vector<Request>> ListRequestsOf(Connection& db, int64_t user_id,
                                            std::optional<int64_t> process_id) {
  if (process_id) {
    Value params[] = {user_id, *process_id};
    ASSIGN_OR_RETURN(Rows rows, db.Query(kListOfUserInProcess, params));
    return RequestsFrom(rows);
  }
  Value params[] = {user_id};
  ASSIGN_OR_RETURN(Rows rows, db.Query(kListOfUser, params));
  return RequestsFrom(rows);
}

Result<std::vector<Request>> ListDecidedBy(Connection& db, int64_t user_id) {
  Value params[] = {user_id};
  ASSIGN_OR_RETURN(Rows rows, db.Query(kListDecidedBy, params));
  return RequestsFrom(rows);
}

Result<bool> RecordDecision(Connection& db, int64_t id, RequestStatus status,
                            std::string_view reason, int64_t decided_by, std::string_view at) {
  Value params[] = {std::string(Code(status)), std::string(reason), decided_by, std::string(at),
                    id};
  ASSIGN_OR_RETURN(int64_t changed, db.Execute(kRecordDecision, params));
  return changed > 0;
}

Result<std::optional<Letter>> FindLetter(Connection& db, int64_t process_id, int64_t id) {
  Value params[] = {process_id, id};
  ASSIGN_OR_RETURN(Rows rows, db.Query(kFindLetter, params));
  if (rows.empty()) {
    return std::optional<Letter>();
  }
  const Row& row = rows.rows.front();
  Letter letter{row.Text(0), ""};
  if (const auto* blob = std::get_if<Blob>(&row.at(1))) {
    letter.bytes = blob->bytes;
  }
  return std::optional<Letter>(std::move(letter));
}

Result<int64_t> EraseLettersAndNotes(Connection& db, int64_t user_id) {
  Value params[] = {Blob{}, user_id};
  return db.Execute(kEraseLettersAndNotes, params);
}

}  // namespace plenary::accreditation::store
