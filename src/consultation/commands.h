#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "audit/actor.h"
#include "consultation/codec.h"
#include "core/clock.h"
#include "formats/attachment/attachment.h"
#include "http/request.h"
#include "process/commands.h"
#include "storage/database.h"
#include "storage/group_commit.h"

// The consultation module's use cases. Each is one transaction (a submission: one savepoint in
// a shared commit); refusals are Status values naming what was wrong.
namespace plenary::consultation {

class IndexBacklog;
class SearchIndex;

struct Context {
  storage::Database& db;
  const Clock& clock;
  std::shared_ptr<const process::CountryMap> countries;
  // Submissions share commits through this (nullptr: one transaction each).
  storage::GroupCommit* intake = nullptr;
  // Searches are answered from this in-memory index when set (search_index.h), else by the
  // database's own full-text index.
  SearchIndex* search_index = nullptr;
  // Submissions' search terms are written by this, thousands at a time (index_backlog.h), when
  // set; else each submission writes what the backlog lists before its answer.
  IndexBacklog* index_backlog = nullptr;
  // Set when searches read the database's own index (no in-memory index): a submission's answer
  // then waits until its terms are written, so that it is found once its receipt is given.
  bool terms_before_answer = false;
  attachment::AttachmentLimits limits = {};
  // How an attachment's text is extracted: in this process when empty; the server sets a
  // sandboxed child process (app/sandboxed_extraction.h).
  std::function<Result<attachment::ExtractedText>(std::string_view filename,
                                                  std::string_view bytes)>
      extract = nullptr;
  // What other modules show on a contribution's page (trusted HTML, escaped by its maker): the
  // server sets the campaigns module's panel (its campaign, consent flags and their form).
  std::function<std::string(const http::Request& request, int64_t contribution_id)>
      contribution_panel = nullptr;
};

// kInvalidArgument for bad input, kNotFound for an unknown process.
Result<Call> CreateCall(Context& ctx, const audit::Actor& actor, int64_t process_id,
                        const nlohmann::json& body);

// Who submits: an account with its roles in the process, or the public.
struct Submitter {
  std::optional<int64_t> user_id;
  bool member = false;    // holds a member (or chair, vice-chair) role in the process
  bool observer = false;  // holds an observer role
  audit::Actor actor;
};

struct Receipt {
  int64_t id = 0;
  std::string receipt;
  ContributionStatus status = ContributionStatus::kPublished;
  bool replayed = false;  // an earlier submission with the same idempotency key
};

// Validates, extracts attachments' text, detects the language when none is declared, then
// commits the contribution, its files, its search terms and its audit entry; returns only once
// that commit is durable. A non-empty `idempotency_key` already used for this call returns the
// first receipt (replayed). kNotFound: no such call; kFailedPrecondition: the call is not open
// (naming when it opens or closed); kPermissionDenied: the call does not take contributions
// from this submitter; kInvalidArgument: bad input, naming the field or file.
Result<Receipt> SubmitContribution(Context& ctx, const Submitter& who, int64_t call_id,
                                   NewContribution input, std::string_view idempotency_key);

// SubmitContribution in two steps, for a server that answers once the commit is done without
// holding a thread meanwhile. PrepareSubmission does everything before the write (the checks
// and errors above, the analysis) on the caller's thread; CommitSubmission queues the write in
// the shared commit and calls `done` once it is durable (on the committing thread: hand the
// result on, do not do long work there), or at once for a replayed idempotency key.
struct Submission;
Result<std::shared_ptr<Submission>> PrepareSubmission(Context& ctx, const Submitter& who,
                                                      int64_t call_id, NewContribution input,
                                                      std::string_view idempotency_key);
void CommitSubmission(std::shared_ptr<Submission> submission,
                      std::function<void(Result<Receipt>)> done);

// Withholds (with a reason: spam, abuse, ...) or publishes a contribution. Nothing is deleted.
Result<Contribution> Moderate(Context& ctx, const audit::Actor& actor, int64_t contribution_id,
                              std::string_view decision, std::string_view reason);

// Where a call stands at `now`.
CallState StateAt(const Call& call, Timestamp now);

}  // namespace plenary::consultation
