#pragma once

#include <optional>
#include <string>

#include "consultation/commands.h"

// Everything a contribution needs before it is written, computed outside any transaction:
// shared by a submission and a bulk import.
namespace plenary::consultation {

// Checks the stakeholder group and country, extracts the attachments' text (errors name the
// file), keeps the declared language or detects one (marked as detected), sets the status the
// call's moderation gives. Moves the text and files out of `in`. The receipt is given at the
// insert (store::InsertContribution), from the id.
Result<Contribution> Prepare(Context& ctx, const Call& call, std::optional<int64_t> user_id,
                             NewContribution& in);

// A receipt for contribution `id` ("R-0002Q-X9DB4"): the id in Crockford's base32, at least
// five digits, then five random ones; a new random part at each call.
std::string ReceiptFor(int64_t id);

}  // namespace plenary::consultation
