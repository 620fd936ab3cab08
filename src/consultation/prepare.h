#pragma once

#include <optional>
#include <string>

#include "consultation/commands.h"

// Everything a contribution needs before it is written, computed outside any transaction:
// shared by a submission and a bulk import.
namespace plenary::consultation {

// Checks the stakeholder group and country, extracts the attachments' text (errors name the
// file), keeps the declared language or detects one (marked as detected), sets the status the
// call's moderation gives and a fresh receipt. Moves the text and files out of `in`.
Result<Contribution> Prepare(Context& ctx, const Call& call, std::optional<int64_t> user_id,
                             NewContribution& in);

// A fresh random receipt ("R-7K2MQ-X9DB4").
std::string NewReceipt();

}  // namespace plenary::consultation
