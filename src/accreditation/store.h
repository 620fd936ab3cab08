#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "accreditation/model.h"
#include "core/result.h"
#include "storage/database.h"

// The accreditation module's only SQL (table in migrations/0007_accreditation.sql). Every value
// is bound. Reads of requests never load the letter's bytes; FindLetter does.
namespace plenary::accreditation::store {

using storage::Connection;

// Inserts a pending request with its letter; returns the new id.
Result<int64_t> InsertRequest(Connection& db, const Request& request, std::string_view letter,
                              std::string_view now);
// The request `id` of process `process_id`, if any.
Result<std::optional<Request>> FindRequest(Connection& db, int64_t process_id, int64_t id);
// The id of the account's pending request for this process and capacity, if any.
Result<std::optional<int64_t>> FindPending(Connection& db, int64_t process_id, int64_t user_id,
                                           Capacity capacity);
// One process's requests, oldest first; all statuses, or one.
Result<std::vector<Request>> ListRequests(Connection& db, int64_t process_id,
                                          std::optional<RequestStatus> status);
// The account's own requests: in one process, or (nullopt) in all; oldest first.
Result<std::vector<Request>> ListRequestsOf(Connection& db, int64_t user_id,
                                            std::optional<int64_t> process_id);
// Requests the account decided, oldest first.
Result<std::vector<Request>> ListDecidedBy(Connection& db, int64_t user_id);
// Records the decision on a pending request. False when the request is not pending (any more).
Result<bool> RecordDecision(Connection& db, int64_t id, RequestStatus status,
                            std::string_view reason, int64_t decided_by, std::string_view at);
// The letter of request `id` of process `process_id`, if the request exists.
Result<std::optional<Letter>> FindLetter(Connection& db, int64_t process_id, int64_t id);
// Deletes the letters and blanks the notes of every request of the account; returns how many
// requests changed.
Result<int64_t> EraseLettersAndNotes(Connection& db, int64_t user_id);

}  // namespace plenary::accreditation::store
