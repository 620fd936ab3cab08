#include "consultation/commands.h"

#include <future>

#include <fmt/format.h>

#include "audit/trail.h"
#include "consultation/index_backlog.h"
#include "consultation/prepare.h"
#include "consultation/search_entry.h"
#include "consultation/search_index.h"
#include "consultation/store.h"
#include "core/log.h"
#include "core/text.h"

namespace plenary::consultation {
namespace {

using nlohmann::json;

Status CheckSubmitter(const Call& call, const Submitter& who) {
  if (call.Accepts(Contributor::kPublic) || (who.member && call.Accepts(Contributor::kMembers)) ||
      (who.observer && call.Accepts(Contributor::kObservers))) {
    return Status::Ok();
  }
  std::string accepted;
  for (Contributor c : call.contributors) {
    accepted += accepted.empty() ? "" : " and ";
    accepted += Code(c);
  }
  if (!who.user_id) {
    return Unauthenticated(
        fmt::format("this call takes contributions from {} only: sign in", accepted));
  }
  return PermissionDenied(fmt::format("this call takes contributions from {} only", accepted));
}

Status CheckQuestions(const Call& call, const std::vector<Answer>& answers) {
  for (const Answer& a : answers) {
    bool known = false;
    for (const Question& q : call.questions) {
      known = known || q.number == a.question;
    }
    if (!known) {
      return InvalidArgument(fmt::format("the call has no question {} (it has {})", a.question,
                                         call.questions.size()));
    }
  }
  return Status::Ok();
}

}  // namespace

CallState StateAt(const Call& call, Timestamp now) {
  std::string at = FormatIso8601(now);
  if (at < call.opens_at) {
    return CallState::kScheduled;
  }
  return at < call.closes_at ? CallState::kOpen : CallState::kClosed;
}

Result<Call> CreateCall(Context& ctx, const audit::Actor& actor, int64_t process_id,
                        const json& body) {
  ASSIGN_OR_RETURN(Call call, CallFromJson(body));
  call.process_id = process_id;
  Timestamp now = ctx.clock.Now();
  RETURN_IF_ERROR(ctx.db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(call.id, store::InsertCall(c, call, FormatIso8601(now)));
    return audit::Append(c, actor,
                         {"call", std::to_string(call.id), process_id, "create", nullptr,
                          ToJson(call, StateAt(call, now))},
                         now);
  }));
  return call;
}

// A contribution checked and analysed outside any transaction, with what its commit fills in.
struct Submission {
  Context& ctx;
  audit::Actor actor;
  int64_t call_id = 0;
  int64_t process_id = 0;
  std::string idempotency_key;
  Timestamp now;
  Contribution contribution;
  SearchEntry entry;
  Receipt receipt;
};

Result<std::shared_ptr<Submission>> PrepareSubmission(Context& ctx, const Submitter& who,
                                                      int64_t call_id, NewContribution input,
                                                      std::string_view idempotency_key) {
  if (idempotency_key.size() > 200) {
    return Error(InvalidArgument("the Idempotency-Key header is longer than 200 bytes"));
  }
  std::optional<Call> call;
  std::optional<std::pair<int64_t, std::string>> earlier;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(call, store::FindCall(c, call_id));
    if (call && !idempotency_key.empty()) {
      ASSIGN_OR_RETURN(earlier, store::FindByIdempotencyKey(c, call_id, idempotency_key));
    }
    return Status::Ok();
  }));
  if (!call) {
    return Error(NotFound(fmt::format("no call {}", call_id)));
  }
  auto submission = std::make_shared<Submission>(Submission{
      ctx, who.actor, call_id, call->process_id, std::string(idempotency_key), ctx.clock.Now()});
  if (earlier) {
    submission->receipt = {earlier->first, earlier->second, ContributionStatus::kPublished, true};
    return submission;
  }
  CallState state = StateAt(*call, submission->now);
  if (state != CallState::kOpen) {
    return Error(FailedPrecondition(
        state == CallState::kScheduled
            ? fmt::format("the call opens at {}: contributions are not taken yet", call->opens_at)
            : fmt::format("the call closed at {}: contributions are no longer taken",
                          call->closes_at)));
  }
  RETURN_IF_ERROR(CheckSubmitter(*call, who));
  RETURN_IF_ERROR(CheckQuestions(*call, input.answers));
  ASSIGN_OR_RETURN(submission->contribution, Prepare(ctx, *call, who.user_id, input));
  submission->contribution.submitted_at = FormatIso8601(submission->now);
  submission->entry = IndexEntry(submission->contribution);
  submission->receipt = {0, submission->contribution.receipt, submission->contribution.status,
                         false};
  return submission;
}

void CommitSubmission(std::shared_ptr<Submission> submission,
                      std::function<void(Result<Receipt>)> done) {
  if (submission->receipt.replayed) {
    done(submission->receipt);  // already committed, by the first submission with this key
    return;
  }
  Submission& s = *submission;
  auto write = [&s](storage::Connection& c) -> Status {
    if (!s.idempotency_key.empty()) {
      ASSIGN_OR_RETURN(auto raced, store::FindByIdempotencyKey(c, s.call_id, s.idempotency_key));
      if (raced) {
        s.receipt = {raced->first, raced->second, ContributionStatus::kPublished, true};
        return Status::Ok();
      }
    }
    ASSIGN_OR_RETURN(s.receipt.id,
                     store::InsertContribution(c, s.contribution, s.idempotency_key, ReceiptFor));
    s.receipt.receipt = s.contribution.receipt;  // drawn again if it was taken
    json after = {{"id", s.receipt.id},
                  {"call_id", s.call_id},
                  {"receipt", s.contribution.receipt},
                  {"status", Code(s.contribution.status)},
                  {"language", s.contribution.language},
                  {"attachments", s.contribution.attachments.size()}};
    return audit::Append(
        c, s.actor,
        {"contribution", std::to_string(s.receipt.id), s.process_id, "submit", nullptr, after},
        s.now);
  };
  // Search terms: listed in the backlog, whose passes write them thousands at a time (on
  // SQLite in the derived file, never in the shared commit).
  auto index = [&s](storage::Connection& c) -> Status {
    if (s.receipt.replayed) {
      return Status::Ok();
    }
    return store::AddToIndexBacklog(c, s.receipt.id);
  };
  // `submission` rides along until the answer: the work functions point into it.
  auto answer = [submission, done = std::move(done)](Status status) {
    Submission& s = *submission;
    if (!status.ok()) {
      done(Error(std::move(status)));
      return;
    }
    if (!s.receipt.replayed) {  // the entry spares them analysing the text again
      if (s.ctx.index_backlog) {
        s.ctx.index_backlog->Offer(s.receipt.id, s.ctx.search_index ? s.entry : std::move(s.entry));
      }
      if (s.ctx.search_index) {
        s.ctx.search_index->Offer(s.receipt.id, std::move(s.entry));
      }
      if (s.ctx.terms_before_answer || !s.ctx.index_backlog) {
        // The contribution is committed either way: a failure here leaves its id in the backlog
        // for the next pass.
        Status indexed =
            s.ctx.index_backlog ? s.ctx.index_backlog->DrainAll() : IndexAllWaiting(s.ctx.db);
        if (!indexed.ok()) {
          log::Warn("contribution_not_indexed_yet", {{"contribution", std::to_string(s.receipt.id)},
                                                     {"error", indexed.ToString()}});
        }
      }
    }
    done(s.receipt);
  };
  if (s.ctx.intake) {
    s.ctx.intake->Submit(write, index, std::move(answer));
    return;
  }
  answer(s.ctx.db.Transaction([&](storage::Connection& c) -> Status {
    RETURN_IF_ERROR(write(c));
    return index(c);
  }));
}

Result<Receipt> SubmitContribution(Context& ctx, const Submitter& who, int64_t call_id,
                                   NewContribution input, std::string_view idempotency_key) {
  ASSIGN_OR_RETURN(auto submission,
                   PrepareSubmission(ctx, who, call_id, std::move(input), idempotency_key));
  std::promise<Result<Receipt>> answer;
  std::future<Result<Receipt>> answered = answer.get_future();
  CommitSubmission(std::move(submission),
                   [&answer](Result<Receipt> receipt) { answer.set_value(std::move(receipt)); });
  return answered.get();
}

Result<Contribution> Moderate(Context& ctx, const audit::Actor& actor, int64_t contribution_id,
                              std::string_view decision, std::string_view reason) {
  if (decision != "withhold" && decision != "publish") {
    return Error(InvalidArgument(
        fmt::format("unknown decision '{}' (expected withhold or publish)", decision)));
  }
  if (decision == "withhold" && reason.empty()) {
    return Error(InvalidArgument("give the 'reason' for withholding (spam, abuse, ...)"));
  }
  if (reason.size() > 500) {
    return Error(InvalidArgument("'reason' is longer than 500 bytes"));
  }
  auto status =
      decision == "withhold" ? ContributionStatus::kWithheld : ContributionStatus::kPublished;
  Timestamp now = ctx.clock.Now();
  Contribution updated;
  RETURN_IF_ERROR(ctx.db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto found, store::FindContribution(c, contribution_id));
    if (!found) {
      return NotFound(fmt::format("no contribution {}", contribution_id));
    }
    json before = {{"status", Code(found->status)}, {"reason", found->withheld_reason}};
    std::string why = status == ContributionStatus::kWithheld ? std::string(reason) : "";
    RETURN_IF_ERROR(
        store::SetStatus(c, contribution_id, status, why, actor.user_id, FormatIso8601(now)));
    updated = *found;
    updated.status = status;
    updated.withheld_reason = why;
    return audit::Append(
        c, actor,
        {"contribution", std::to_string(contribution_id), found->process_id, std::string(decision),
         before, json{{"status", Code(status)}, {"reason", why}}},
        now);
  }));
  return updated;
}

}  // namespace plenary::consultation
