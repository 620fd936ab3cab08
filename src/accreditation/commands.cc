#include "accreditation/commands.h"

#include <fmt/format.h>

#include "accreditation/codec.h"
#include "accreditation/store.h"
#include "audit/trail.h"
#include "auth/accounts.h"
#include "core/text.h"
#include "i18n/catalog.h"
#include "mail/outbox.h"
#include "process/store.h"

namespace plenary::accreditation {
namespace {

// Mail goes out in English: the requester's language is not recorded.
constexpr std::string_view kMailLanguage = "en";

struct CheckedRequest {
  Request request;
  std::string letter;
};

Status CheckText(std::string_view field, const std::string& value, size_t max_bytes) {
  if (!IsValidUtf8(value)) {
    return InvalidArgument(fmt::format("'{}' is not valid UTF-8", field));
  }
  if (value.size() > max_bytes) {
    return InvalidArgument(fmt::format("'{}' is longer than {} bytes", field, max_bytes));
  }
  return Status::Ok();
}

// The checks that need no database: everything but the seat and the pending duplicate.
Result<CheckedRequest> Check(const Context& ctx, const NewRequest& input) {
  CheckedRequest out;
  Request& r = out.request;
  auto capacity = ParseCapacity(Trim(input.capacity));
  if (!capacity) {
    return Error(InvalidArgument("'capacity' must be 'member' (a member delegate) or 'observer'"));
  }
  r.capacity = *capacity;
  auto role = ParseDelegationRole(Trim(input.delegation_role));
  if (!role) {
    return Error(InvalidArgument("'delegation_role' must be 'head', 'delegate' or 'adviser'"));
  }
  r.delegation_role = *role;
  RETURN_IF_ERROR(CheckText("organisation", input.organisation, kMaxOrganisationBytes));
  RETURN_IF_ERROR(CheckText("note", input.note, kMaxNoteBytes));
  r.organisation = std::string(Trim(input.organisation));
  r.note = std::string(Trim(input.note));
  if (r.capacity == Capacity::kMember) {
    if (!input.member_id) {
      return Error(InvalidArgument(
          "'member_id' is required for a member delegate: the seat of the delegation"));
    }
    if (r.delegation_role == DelegationRole::kNone) {
      return Error(InvalidArgument(
          "'delegation_role' is required for a member delegate: 'head', 'delegate' or 'adviser'"));
    }
    r.member_id = input.member_id;
  } else {
    if (input.member_id || r.delegation_role != DelegationRole::kNone) {
      return Error(InvalidArgument(
          "'member_id' and 'delegation_role' are for member delegates, not observers"));
    }
    if (r.organisation.empty()) {
      return Error(InvalidArgument(
          "'organisation' is required for an observer: the organisation you would observe for"));
    }
  }
  RETURN_IF_ERROR(CheckLetter(input.letter, ctx.max_letter_bytes));
  r.letter_filename = SanitiseFilename(input.letter_filename);
  r.letter_bytes = static_cast<int64_t>(input.letter.size());
  out.letter = input.letter;
  return out;
}

// The seat, if it is one of the process's seats of the membership; else nullopt.
Result<std::optional<process::Member>> FindSeat(storage::Connection& c, int64_t process_id,
                                                int64_t member_id) {
  ASSIGN_OR_RETURN(auto members, process::store::ListMembers(c, process_id));
  for (process::Member& m : members) {
    if (m.id == member_id && m.role == process::Role::kMember) {
      return std::optional<process::Member>(std::move(m));
    }
  }
  return std::optional<process::Member>();
}

const i18n::Catalog& MailCatalog() {
  static const i18n::Catalog catalog = i18n::Catalog::LoadBuiltin().value_or(i18n::Catalog());
  return catalog;
}

std::string Say(std::string_view key, const i18n::Args& args = {}) {
  return MailCatalog().Get(kMailLanguage, key, args);
}

// "a member delegate (Adviser) for the seat "African States seat 1"", "an observer for ICANN".
std::string CapacityPhrase(const Request& r, std::string_view seat_label) {
  if (r.capacity == Capacity::kMember) {
    return Say(
        "accreditation.mail.as_member",
        {{"role", Say(fmt::format("accreditation.delegation_role.{}", Code(r.delegation_role)))},
         {"seat", std::string(seat_label)}});
  }
  return Say("accreditation.mail.as_observer", {{"organisation", r.organisation}});
}

mail::Message DecisionMail(const Context& ctx, const auth::Principal& to,
                           const process::Process& process, const Request& r,
                           std::string_view seat_label) {
  bool approved = r.status == RequestStatus::kApproved;
  std::string outcome = approved ? "approved" : "refused";
  std::string link = fmt::format("{}/processes/{}/accreditation", ctx.mailer.base_url, process.id);
  i18n::Args args = {{"process", process.short_name},
                     {"title", process.title},
                     {"request", std::to_string(r.id)},
                     {"capacity", CapacityPhrase(r, seat_label)},
                     {"reason", r.reason},
                     {"link", link}};
  std::string body = Say("accreditation.mail.greeting", {{"name", to.name}}) + "\n\n" +
                     Say("accreditation.mail." + outcome + ".body", args) + "\n";
  if (!r.reason.empty()) {
    body += "\n" + Say("accreditation.mail.reason", args) + "\n";
  }
  body += "\n" + Say("accreditation.mail.link", args) + "\n";
  return {to.email, Say("accreditation.mail." + outcome + ".subject", args), body,
          "accreditation_decision", process.id};
}

// Grants what an approved request asks for, refusing to approve a role held already (the
// grant would silently keep the old seat or organisation).
Status Grant(storage::Connection& c, const audit::Actor& actor, Timestamp now,
             const auth::Principal& account, const Request& r) {
  std::string role(Code(r.capacity));
  if (account.HasRole(r.process_id, role)) {
    return Conflict(fmt::format(
        "account {} already holds the {} role in process {}: refuse request {} with a reason",
        account.user_id, role, r.process_id, r.id));
  }
  auth::RoleGrant grant{role, std::nullopt, "", ""};
  if (r.capacity == Capacity::kMember) {
    grant.member_id = r.member_id;
    grant.capacity = std::string(Code(r.delegation_role));
  } else {
    grant.organisation = r.organisation;
  }
  return auth::GrantRoleIn(c, actor, now, r.user_id, r.process_id, grant);
}

}  // namespace

Result<Request> SubmitRequest(const Context& ctx, const audit::Actor& actor, int64_t process_id,
                              const NewRequest& input) {
  if (actor.user_id <= 0) {
    return Error(Unauthenticated("sign in to ask for accreditation"));
  }
  ASSIGN_OR_RETURN(CheckedRequest checked, Check(ctx, input));
  Request& r = checked.request;
  r.process_id = process_id;
  r.user_id = actor.user_id;
  Timestamp now = ctx.clock.Now();
  r.created_at = FormatIso8601(now);
  RETURN_IF_ERROR(ctx.db.Transaction([&](storage::Connection& c) -> Status {
    RETURN_IF_ERROR(detail::ToStatus(process::store::GetProcess(c, process_id)));
    if (r.member_id) {
      ASSIGN_OR_RETURN(auto seat, FindSeat(c, process_id, *r.member_id));
      if (!seat) {
        return InvalidArgument(
            fmt::format("'member_id' {} is not a seat of the membership of process {}",
                        *r.member_id, process_id));
      }
    }
    ASSIGN_OR_RETURN(auto pending, store::FindPending(c, process_id, r.user_id, r.capacity));
    if (pending) {
      return Conflict(fmt::format(
          "you already have a pending request to take part as {} in process {} (request {}): "
          "wait for the secretariat's decision",
          Code(r.capacity), process_id, *pending));
    }
    ASSIGN_OR_RETURN(r.id, store::InsertRequest(c, r, checked.letter, r.created_at));
    return audit::Append(
        c, actor,
        {"accreditation", std::to_string(r.id), process_id, "request", nullptr, ToJson(r)}, now);
  }));
  return r;
}

Result<Request> DecideRequest(const Context& ctx, const audit::Actor& actor, int64_t process_id,
                              int64_t request_id, const Decision& decision) {
  std::string_view verb = Trim(decision.decision);
  if (verb != "approve" && verb != "refuse") {
    return Error(InvalidArgument("'decision' must be 'approve' or 'refuse'"));
  }
  std::string reason(Trim(decision.reason));
  RETURN_IF_ERROR(CheckText("reason", reason, kMaxReasonBytes));
  if (verb == "refuse" && reason.empty()) {
    return Error(InvalidArgument("'reason' is required to refuse a request"));
  }
  Timestamp now = ctx.clock.Now();
  Request decided;
  RETURN_IF_ERROR(ctx.db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto found, store::FindRequest(c, process_id, request_id));
    if (!found) {
      return NotFound(
          fmt::format("process {} has no accreditation request {}", process_id, request_id));
    }
    if (found->status != RequestStatus::kPending) {
      return Conflict(fmt::format("request {} was already {} on {}", request_id,
                                  Code(found->status), found->decided_at));
    }
    decided = *found;
    decided.status = verb == "approve" ? RequestStatus::kApproved : RequestStatus::kRefused;
    decided.reason = reason;
    decided.decided_by = actor.user_id;
    decided.decided_at = FormatIso8601(now);
    ASSIGN_OR_RETURN(bool recorded, store::RecordDecision(c, request_id, decided.status, reason,
                                                          actor.user_id, decided.decided_at));
    if (!recorded) {
      return Conflict(fmt::format("request {} is no longer pending", request_id));
    }
    ASSIGN_OR_RETURN(auto account, auth::FindAccount(c, found->user_id));
    if (!account) {
      return NotFound(fmt::format("the account of request {} no longer exists", request_id));
    }
    if (decided.status == RequestStatus::kApproved) {
      RETURN_IF_ERROR(Grant(c, actor, now, *account, decided));
    }
    RETURN_IF_ERROR(audit::Append(c, actor,
                                  {"accreditation", std::to_string(request_id), process_id,
                                   std::string(verb), ToJson(*found), ToJson(decided)},
                                  now));
    ASSIGN_OR_RETURN(process::Process process, process::store::GetProcess(c, process_id));
    std::string seat_label;
    if (decided.member_id) {
      ASSIGN_OR_RETURN(auto seat, FindSeat(c, process_id, *decided.member_id));
      seat_label = seat ? seat->seat_label : "";
    }
    return detail::ToStatus(mail::Enqueue(
        c, DecisionMail(ctx, *account, process, decided, seat_label), now, ctx.mailer.delivery));
  }));
  ctx.mailer.notify();
  return decided;
}

}  // namespace plenary::accreditation
