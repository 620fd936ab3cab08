#include "campaigns/commands.h"

#include <fmt/format.h>

#include "audit/trail.h"
#include "campaigns/store.h"
#include "consultation/queries.h"
#include "core/text.h"

namespace plenary::campaigns {
namespace {

constexpr size_t kMaxStatement = 2000;
constexpr size_t kMaxName = 200;

bool LooksLikeEmail(std::string_view email) {
  size_t at = email.find('@');
  return !email.empty() && email.size() <= 254 && at != std::string_view::npos && at > 0 &&
         at == email.rfind('@') && email.find('.', at) != std::string_view::npos &&
         email.back() != '.' && email.find_first_of(" \t\r\n<>,;\"") == std::string_view::npos;
}

}  // namespace

bool FlagAllowance::Take(const std::string& address, Timestamp now) {
  std::lock_guard lock(mutex_);
  if (windows_.size() > 100000) {
    windows_.clear();  // bounded memory; an attacker gains at most one fresh hour
  }
  auto& [start, count] = windows_[address];
  if (count == 0 || now - start >= std::chrono::hours(1)) {
    start = now;
    count = 0;
  }
  if (count >= max_per_hour_) {
    return false;
  }
  ++count;
  return true;
}

Result<FlagRequest> FlagFromFields(const std::function<std::string(std::string_view)>& field) {
  FlagRequest r;
  r.name = std::string(Trim(field("name")));
  r.contact = AsciiLower(Trim(field("contact")));
  r.statement = std::string(Trim(field("statement")));
  for (const auto& [name, value] : {std::pair{"name", &r.name}, std::pair{"contact", &r.contact},
                                    std::pair{"statement", &r.statement}}) {
    if (!IsValidUtf8(*value)) {
      return Error(InvalidArgument(fmt::format("'{}' must be valid UTF-8", name)));
    }
  }
  if (!LooksLikeEmail(r.contact)) {
    return Error(InvalidArgument(
        "'contact' must be your email address, so that the secretariat can reach you"));
  }
  if (r.statement.empty()) {
    return Error(InvalidArgument("'statement' is required: say what happened"));
  }
  if (r.statement.size() > kMaxStatement) {
    return Error(
        InvalidArgument(fmt::format("'statement' is longer than {} bytes", kMaxStatement)));
  }
  if (r.name.size() > kMaxName) {
    return Error(InvalidArgument(fmt::format("'name' is longer than {} bytes", kMaxName)));
  }
  return r;
}

Result<FlagOutcome> FlagConsent(Context& ctx, int64_t contribution_id, const FlagRequest& request) {
  ASSIGN_OR_RETURN(consultation::Contribution contribution,
                   consultation::ReadContribution(ctx.consultation, contribution_id, false));
  const Timestamp now = ctx.clock.Now();
  if (ctx.allowance != nullptr && !ctx.allowance->Take(request.address, now)) {
    return Error(ResourceExhausted("too many flags from this address; try again in an hour"));
  }
  FlagOutcome out;
  out.flag = {0,
              contribution_id,
              contribution.call_id,
              request.name,
              request.contact,
              request.statement,
              FormatIso8601(now)};
  RETURN_IF_ERROR(ctx.db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(int64_t recent,
                     store::CountFlagsByContactSince(c, request.contact,
                                                     FormatIso8601(now - std::chrono::hours(24))));
    if (recent >= ctx.max_flags_per_contact_per_day) {
      return ResourceExhausted(fmt::format(
          "'contact' has sent {} flags in the last day; the secretariat will reach you", recent));
    }
    ASSIGN_OR_RETURN(auto id, store::InsertFlag(c, out.flag));
    out.already = !id.has_value();
    ASSIGN_OR_RETURN(out.flags, store::CountFlags(c, contribution_id));
    if (out.already) {
      return Status::Ok();
    }
    out.flag.id = *id;
    // Who flagged is personal data: the audit trail keeps that a flag was made, not by whom.
    return audit::Append(
        c, {0, "a person flagging consent"},
        {"consent_flag",
         std::to_string(*id),
         contribution.process_id,
         "create",
         nullptr,
         {{"contribution_id", contribution_id}, {"call_id", contribution.call_id}}},
        now);
  }));
  return out;
}

}  // namespace plenary::campaigns
