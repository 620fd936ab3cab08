#pragma once

#include <nlohmann/json.hpp>

#include "accreditation/commands.h"
#include "accreditation/model.h"
#include "accreditation/queries.h"
#include "core/result.h"
#include "http/form.h"

// JSON in (every refusal names the field) and JSON out. The letter's bytes never appear in
// JSON output; only its file name and size.
namespace plenary::accreditation {

// id, process_id, user_id, capacity, member_id, delegation_role, organisation, note,
// letter {filename, bytes} (null once erased), status, reason, decided_by, decided_at,
// created_at. Holds no name or email: it is also the audit trail's payload.
nlohmann::json ToJson(const Request& request);
// ToJson(request) plus requester {name, email}, seat_label and letter.url: for the secretariat.
nlohmann::json ToJson(const QueueEntry& entry);

// {"capacity", "member_id", "delegation_role", "organisation", "note", "letter_pdf_base64",
// "letter_filename"}: kInvalidArgument naming an unknown field or one of the wrong type.
Result<NewRequest> NewRequestFromJson(const nlohmann::json& body);
// The same from the request page's form: text fields capacity, member_id, delegation_role,
// organisation, note and the file field "letter". A form shows every field at once, so the
// seat and delegation role are ignored when the capacity is "observer".
Result<NewRequest> NewRequestFromForm(const http::Form& form);
// {"decision", "reason"}.
Result<Decision> DecisionFromJson(const nlohmann::json& body);

}  // namespace plenary::accreditation
