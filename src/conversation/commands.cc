#include "conversation/commands.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "audit/trail.h"
#include "auth/secrets.h"
#include "conversation/store.h"
#include "process/queries.h"

namespace plenary::conversation {
namespace {

using nlohmann::json;

int64_t Millis(Timestamp t) {
  return t.time_since_epoch().count();
}

void Notify(Context& ctx, int64_t conversation_id) {
  if (ctx.changed) {
    ctx.changed(conversation_id);
  }
}

Result<Conversation> Load(storage::Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(auto found, store::FindConversation(c, id));
  if (!found) {
    return Error(NotFound(fmt::format("no conversation {}", id)));
  }
  return std::move(*found);
}

Result<Conversation> Read(Context& ctx, int64_t id) {
  Conversation out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out, Load(c, id));
    return Status::Ok();
  }));
  return out;
}

Status CheckOpen(const Conversation& c, std::string_view what) {
  if (!c.open) {
    return FailedPrecondition(fmt::format(
        "conversation {} is closed: {} are no longer taken ('open' is false)", c.id, what));
  }
  return Status::Ok();
}

// An ISO alpha-3, alpha-2 or M49 code to alpha-3.
Result<std::string> ResolveCountry(const process::CountryMap& countries, std::string_view code) {
  if (code.empty()) {
    return std::string();
  }
  if (const process::Country* country = process::FindCountry(countries, code)) {
    return country->iso3;
  }
  return Error(InvalidArgument(fmt::format("'country': unknown country code '{}'", code)));
}

bool WellFormedToken(std::string_view token) {
  return token.size() >= 16 && token.size() <= 100 &&
         std::all_of(token.begin(), token.end(), [](char ch) {
           return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
         });
}

Result<std::optional<Participant>> FindIn(storage::Connection& c, int64_t conversation_id,
                                          const Voter& voter) {
  if (voter.user_id) {
    return store::FindParticipantByUser(c, conversation_id, *voter.user_id);
  }
  if (!voter.token.empty()) {
    return store::FindParticipantByToken(c, conversation_id, auth::HashToken(voter.token));
  }
  return std::optional<Participant>();
}

}  // namespace

std::string ParticipantCsrf(std::string_view token) {
  return auth::HashToken(std::string("participant-form:") + std::string(token)).substr(0, 40);
}

Result<Conversation> CreateConversation(Context& ctx, const audit::Actor& actor, int64_t process_id,
                                        const json& body) {
  ASSIGN_OR_RETURN(Conversation conversation, ConversationFromJson(body));
  process::Context pctx{ctx.db, ctx.clock, ctx.countries};
  RETURN_IF_ERROR(detail::ToStatus(process::ReadProcess(pctx, process_id)));
  conversation.process_id = process_id;
  Timestamp now = ctx.clock.Now();
  conversation.created_at = FormatIso8601(now);
  RETURN_IF_ERROR(ctx.db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(conversation.id,
                     store::InsertConversation(c, conversation, conversation.created_at));
    return audit::Append(c, actor,
                         {"conversation", std::to_string(conversation.id), process_id, "create",
                          nullptr, ToJson(conversation)},
                         now);
  }));
  return conversation;
}

Result<Conversation> ChangeConversation(Context& ctx, const audit::Actor& actor,
                                        int64_t conversation_id, const json& body) {
  ASSIGN_OR_RETURN(ConversationChange change, ChangeFromJson(body));
  Timestamp now = ctx.clock.Now();
  Conversation updated;
  RETURN_IF_ERROR(ctx.db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Conversation before, Load(c, conversation_id));
    updated = before;
    Apply(change, updated);
    RETURN_IF_ERROR(store::UpdateConversation(c, updated));
    ++updated.revision;
    return audit::Append(c, actor,
                         {"conversation", std::to_string(conversation_id), before.process_id,
                          "update", ToJson(before), ToJson(updated)},
                         now);
  }));
  return updated;
}

Result<std::vector<Statement>> SeedStatements(Context& ctx, const audit::Actor& actor,
                                              int64_t conversation_id,
                                              const std::vector<NewStatement>& seeds) {
  Timestamp now = ctx.clock.Now();
  std::vector<Statement> out;
  RETURN_IF_ERROR(ctx.db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Conversation conversation, Load(c, conversation_id));
    for (const NewStatement& seed : seeds) {
      Statement s;
      s.conversation_id = conversation_id;
      s.text = seed.text;
      s.source = seed.source;
      s.seeded = true;
      s.is_meta = seed.is_meta;
      s.status = StatementStatus::kAccepted;
      s.created_at = FormatIso8601(now);
      ASSIGN_OR_RETURN(s.number, store::InsertStatement(c, s, std::nullopt));
      RETURN_IF_ERROR(audit::Append(c, actor,
                                    {"statement", fmt::format("{}/{}", conversation_id, s.number),
                                     conversation.process_id, "seed", nullptr, ToJson(s)},
                                    now));
      out.push_back(std::move(s));
    }
    return Status::Ok();
  }));
  return out;
}

Result<Statement> ModerateStatement(Context& ctx, const audit::Actor& actor,
                                    int64_t conversation_id, int64_t number,
                                    std::string_view decision, std::string_view reason) {
  if (decision != "accept" && decision != "reject") {
    return Error(
        InvalidArgument(fmt::format("'decision' must be accept or reject, not '{}'", decision)));
  }
  if (decision == "reject" && reason.empty()) {
    return Error(InvalidArgument("give the 'reason' for rejecting (off topic, abuse, ...)"));
  }
  if (reason.size() > kMaxReasonBytes) {
    return Error(InvalidArgument(fmt::format("'reason' is longer than {} bytes", kMaxReasonBytes)));
  }
  auto status = decision == "accept" ? StatementStatus::kAccepted : StatementStatus::kRejected;
  Timestamp now = ctx.clock.Now();
  Statement updated;
  RETURN_IF_ERROR(ctx.db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Conversation conversation, Load(c, conversation_id));
    ASSIGN_OR_RETURN(auto found, store::FindStatement(c, conversation_id, number));
    if (!found) {
      return NotFound(fmt::format("conversation {} has no statement {}", conversation_id, number));
    }
    updated = *found;
    updated.status = status;
    updated.reason = std::string(reason);
    RETURN_IF_ERROR(store::SetStatementStatus(c, conversation_id, number, status, reason,
                                              actor.user_id, FormatIso8601(now)));
    RETURN_IF_ERROR(store::BumpRevision(c, conversation_id));
    return audit::Append(
        c, actor,
        {"statement", fmt::format("{}/{}", conversation_id, number), conversation.process_id,
         std::string(decision), json{{"status", Code(found->status)}, {"reason", found->reason}},
         json{{"status", Code(status)}, {"reason", reason}}},
        now);
  }));
  Notify(ctx, conversation_id);
  return updated;
}

Result<std::optional<Participant>> FindSeat(Context& ctx, int64_t conversation_id,
                                            const Voter& voter) {
  std::optional<Participant> found;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(found, FindIn(c, conversation_id, voter));
    return Status::Ok();
  }));
  return found;
}

Result<Seat> Join(Context& ctx, int64_t conversation_id, const Voter& voter,
                  std::string_view origin) {
  if (!voter.user_id && !voter.token.empty() && !WellFormedToken(voter.token)) {
    return Error(InvalidArgument("the participant token is malformed: drop it to get a new one"));
  }
  ASSIGN_OR_RETURN(auto found, FindSeat(ctx, conversation_id, voter));
  if (found) {
    return Seat{std::move(*found), ""};
  }
  Seat seat;
  std::string token = voter.token;
  if (!voter.user_id && token.empty()) {
    token = auth::RandomToken();
    seat.issued_token = token;
  }
  seat.participant.conversation_id = conversation_id;
  seat.participant.user_id = voter.user_id;
  seat.participant.origin = std::string(origin);
  std::string now = FormatIso8601(ctx.clock.Now());
  Status written = ctx.db.Transaction([&](storage::Connection& c) -> Status {
    RETURN_IF_ERROR(detail::ToStatus(Load(c, conversation_id)));
    ASSIGN_OR_RETURN(seat.participant.number,
                     store::InsertParticipant(c, seat.participant,
                                              voter.user_id ? "" : auth::HashToken(token), now));
    return Status::Ok();
  });
  if (written.code() == StatusCode::kConflict) {
    // The same voter joined concurrently: take the participant that won.
    ASSIGN_OR_RETURN(found, FindSeat(ctx, conversation_id, voter));
    if (found) {
      return Seat{std::move(*found), ""};
    }
  }
  RETURN_IF_ERROR(written);
  return seat;
}

Result<Seat> Declare(Context& ctx, int64_t conversation_id, const Voter& voter,
                     const Declaration& declaration, std::string_view origin) {
  ASSIGN_OR_RETURN(std::string iso3, ResolveCountry(*ctx.countries, declaration.country));
  ASSIGN_OR_RETURN(Seat seat, Join(ctx, conversation_id, voter, origin));
  RETURN_IF_ERROR(ctx.db.Transaction([&](storage::Connection& c) -> Status {
    return store::SetDeclaration(c, conversation_id, seat.participant.number,
                                 declaration.stakeholder_group, iso3);
  }));
  seat.participant.stakeholder_group = declaration.stakeholder_group;
  seat.participant.country_iso3 = iso3;
  return seat;
}

Result<Submitted> SubmitStatement(Context& ctx, int64_t conversation_id, const Voter& voter,
                                  const NewStatement& input, std::string_view origin) {
  ASSIGN_OR_RETURN(Conversation conversation, Read(ctx, conversation_id));
  RETURN_IF_ERROR(CheckOpen(conversation, "statements"));
  if (!conversation.participant_statements) {
    return Error(FailedPrecondition(fmt::format(
        "conversation {} takes no statements from participants ('participant_statements' is "
        "false)",
        conversation_id)));
  }
  ASSIGN_OR_RETURN(Seat seat, Join(ctx, conversation_id, voter, origin));
  Timestamp now = ctx.clock.Now();
  Statement s;
  s.conversation_id = conversation_id;
  s.text = input.text;
  s.author = seat.participant.number;
  s.status = conversation.moderation == Moderation::kNone ? StatementStatus::kAccepted
                                                          : StatementStatus::kPending;
  s.created_at = FormatIso8601(now);
  RETURN_IF_ERROR(ctx.db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(s.number, store::InsertStatement(c, s, std::nullopt));
    return audit::Append(c, voter.actor,
                         {"statement", fmt::format("{}/{}", conversation_id, s.number),
                          conversation.process_id, "submit", nullptr, ToJson(s)},
                         now);
  }));
  return Submitted{std::move(s), std::move(seat)};
}

Result<Seat> CastVote(Context& ctx, int64_t conversation_id, const Voter& voter, const Vote& vote,
                      std::string_view origin) {
  std::optional<Statement> statement;
  Conversation conversation;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(conversation, Load(c, conversation_id));
    ASSIGN_OR_RETURN(statement, store::FindStatement(c, conversation_id, vote.statement));
    return Status::Ok();
  }));
  RETURN_IF_ERROR(CheckOpen(conversation, "votes"));
  if (!statement) {
    return Error(InvalidArgument(fmt::format("'statement': conversation {} has no statement {}",
                                             conversation_id, vote.statement)));
  }
  if (statement->status != StatementStatus::kAccepted) {
    return Error(InvalidArgument(fmt::format("'statement': statement {} is {}, not open for voting",
                                             vote.statement, Code(statement->status))));
  }
  ASSIGN_OR_RETURN(Seat seat, Join(ctx, conversation_id, voter, origin));
  Vote cell = vote;
  cell.participant = seat.participant.number;
  int64_t at = Millis(ctx.clock.Now());
  auto write = [&](storage::Connection& c) -> Status {
    RETURN_IF_ERROR(store::UpsertVotes(c, conversation_id, std::span(&cell, 1), at));
    return store::BumpRevision(c, conversation_id);
  };
  RETURN_IF_ERROR(ctx.votes ? ctx.votes->Run(write) : ctx.db.Transaction(write));
  Notify(ctx, conversation_id);
  return seat;
}

Result<Ingested> IngestVotes(Context& ctx, const audit::Actor& actor, int64_t conversation_id,
                             std::vector<Vote> votes) {
  std::vector<Statement> statements;
  Conversation conversation;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(conversation, Load(c, conversation_id));
    ASSIGN_OR_RETURN(statements, store::StatementsOf(c, conversation_id, false));
    return Status::Ok();
  }));
  RETURN_IF_ERROR(CheckOpen(conversation, "votes"));
  int64_t top = statements.empty() ? 0 : statements.back().number;
  std::vector<uint8_t> known(static_cast<size_t>(top) + 1, 0);
  for (const Statement& s : statements) {
    known[s.number] = 1;
  }
  for (size_t i = 0; i < votes.size(); ++i) {
    int64_t n = votes[i].statement;
    if (n > top || known[n] == 0) {
      return Error(InvalidArgument(fmt::format(
          "'votes[{}].statement': conversation {} has no statement {} (nothing was stored)", i,
          conversation_id, n)));
    }
  }
  // The latest vote for a cell wins: keep the last of each (participant, statement), in order.
  std::stable_sort(votes.begin(), votes.end(), [](const Vote& a, const Vote& b) {
    return a.participant != b.participant ? a.participant < b.participant
                                          : a.statement < b.statement;
  });
  std::vector<Vote> cells;
  cells.reserve(votes.size());
  std::vector<int64_t> participants;
  for (size_t i = 0; i < votes.size(); ++i) {
    bool last = i + 1 == votes.size() || votes[i + 1].participant != votes[i].participant ||
                votes[i + 1].statement != votes[i].statement;
    if (last) {
      cells.push_back(votes[i]);
    }
    if (participants.empty() || participants.back() != votes[i].participant) {
      participants.push_back(votes[i].participant);
    }
  }
  Timestamp now = ctx.clock.Now();
  std::string at = FormatIso8601(now);
  RETURN_IF_ERROR(ctx.db.Transaction([&](storage::Connection& c) -> Status {
    RETURN_IF_ERROR(store::EnsureParticipants(c, conversation_id, participants, "batch", at));
    RETURN_IF_ERROR(store::UpsertVotes(c, conversation_id, cells, Millis(now)));
    RETURN_IF_ERROR(store::BumpRevision(c, conversation_id));
    return audit::Append(
        c, actor,
        {"conversation", std::to_string(conversation_id), conversation.process_id, "votes", nullptr,
         json{{"votes", cells.size()}, {"participants", participants.size()}}},
        now);
  }));
  Notify(ctx, conversation_id);
  return Ingested{static_cast<int64_t>(cells.size()), static_cast<int64_t>(participants.size())};
}

}  // namespace plenary::conversation
