#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "accreditation/letter.h"
#include "accreditation/model.h"
#include "audit/actor.h"
#include "core/clock.h"
#include "core/result.h"
#include "mail/mailer.h"
#include "storage/database.h"

// The accreditation use cases: one entry point each, each one transaction that also writes its
// audit entry (and, for a decision, the requester's mail). Refusals are Status values naming
// the faulty field.
namespace plenary::accreditation {

struct Context {
  storage::Database& db;
  const Clock& clock;
  const mail::Mailer& mailer;
  size_t max_letter_bytes = kMaxLetterBytes;
};

// A request as a person makes it (from the JSON API or the page's form), not yet checked.
struct NewRequest {
  std::string capacity;              // "member" or "observer"
  std::optional<int64_t> member_id;  // the seat: required for a member delegate
  std::string delegation_role;       // "head", "delegate" or "adviser" for a member delegate
  std::string organisation;          // required for an observer
  std::string note;
  std::string letter;  // the PDF's bytes
  std::string letter_filename;
};

inline constexpr size_t kMaxOrganisationBytes = 300;
inline constexpr size_t kMaxNoteBytes = 4000;
inline constexpr size_t kMaxReasonBytes = 2000;

// Records a pending request by `actor` (the requester, a signed-in account) and its audit entry
// (action "request"). kInvalidArgument naming the field: an unknown capacity; a member delegate
// without a seat of this process (member_id) or a delegation_role; an observer without an
// organisation; a delegation role or seat given for an observer; text too long or not UTF-8; a
// letter missing, not a PDF or over ctx.max_letter_bytes (the limit named). kNotFound for an
// unknown process; kConflict naming the request when the account already has one pending for
// this process and capacity.
Result<Request> SubmitRequest(const Context& ctx, const audit::Actor& actor, int64_t process_id,
                              const NewRequest& input);

struct Decision {
  std::string decision;  // "approve" or "refuse"
  std::string reason;    // required to refuse
};

// Decides a pending request, in one transaction: the status, who decided and when; on approval
// the role (auth::GrantRoleIn: a member delegate sits for the seat in the capacity of the
// delegation role, an observer for the organisation); an audit entry (action "approve" or
// "refuse"); the requester's mail (kind "accreditation_decision"). Wakes the mailer once
// committed. kInvalidArgument for an unknown decision or a refusal without a reason; kNotFound
// when the process has no such request; kConflict when it was decided already, or when approving
// a role the account holds already in this process.
Result<Request> DecideRequest(const Context& ctx, const audit::Actor& actor, int64_t process_id,
                              int64_t request_id, const Decision& decision);

}  // namespace plenary::accreditation
