#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "campaigns/context.h"
#include "campaigns/model.h"

// The campaigns module's one use case: a person says a contribution was submitted in their name
// without their consent.
namespace plenary::campaigns {

struct FlagRequest {
  std::string name;       // optional
  std::string contact;    // an email address, required: the secretariat may need to reach them
  std::string statement;  // required, at most 2,000 characters
  std::string address;    // the caller's network address (for the allowance; not stored)
};

// Reads and checks the JSON or form fields; kInvalidArgument names the field.
Result<FlagRequest> FlagFromFields(const std::function<std::string(std::string_view)>& field);

struct FlagOutcome {
  ConsentFlag flag;
  bool already = false;  // this contact had flagged this contribution: nothing new recorded
  int64_t flags = 0;     // the contribution's flags now
};

// Records the flag (with an audit entry that names neither the person nor the contact).
// kNotFound unless the contribution is published; kResourceExhausted past the allowances of the
// address or the contact; kInvalidArgument for bad fields. Nothing is ever deleted.
Result<FlagOutcome> FlagConsent(Context& ctx, int64_t contribution_id, const FlagRequest& request);

}  // namespace plenary::campaigns
