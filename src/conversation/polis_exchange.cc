#include "conversation/polis_exchange.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "audit/trail.h"
#include "conversation/store.h"

namespace plenary::conversation {
namespace {

using nlohmann::json;

// Every vote of the export as cells, the latest (by time, then file order) per cell.
std::vector<Vote> Cells(const PolisExport& in) {
  std::vector<Vote> votes;
  if (!in.votes.empty()) {
    std::vector<polis::VoteRecord> ordered = in.votes;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return a.timestamp_ms < b.timestamp_ms; });
    for (const polis::VoteRecord& v : ordered) {
      votes.push_back({v.voter_id, v.comment_id, static_cast<VoteValue>(v.vote), v.timestamp_ms});
    }
  } else if (in.participants) {
    const polis::ParticipantVotesTable& t = *in.participants;
    for (const polis::ParticipantVotesRow& row : t.rows) {
      for (size_t j = 0; j < t.comment_ids.size(); ++j) {
        if (row.votes[j] != polis::kNoVote) {
          votes.push_back(
              {row.participant, t.comment_ids[j], static_cast<VoteValue>(row.votes[j]), 0});
        }
      }
    }
  }
  std::stable_sort(votes.begin(), votes.end(), [](const Vote& a, const Vote& b) {
    return a.participant != b.participant ? a.participant < b.participant
                                          : a.statement < b.statement;
  });
  std::vector<Vote> cells;
  for (size_t i = 0; i < votes.size(); ++i) {
    if (i + 1 == votes.size() || votes[i + 1].participant != votes[i].participant ||
        votes[i + 1].statement != votes[i].statement) {
      cells.push_back(votes[i]);
    }
  }
  return cells;
}

}  // namespace

Result<Imported> ImportPolis(Context& ctx, const audit::Actor& actor, int64_t process_id,
                             const std::string& topic, const PolisExport& in) {
  ASSIGN_OR_RETURN(Conversation conversation,
                   ConversationFromJson(json{{"topic", topic}, {"open", false}}));
  conversation.process_id = process_id;
  conversation.origin = "Polis export";
  std::vector<Vote> cells = Cells(in);
  std::map<int64_t, std::optional<int64_t>> participants;  // id -> group-id
  for (const Vote& v : cells) {
    participants.emplace(v.participant, std::nullopt);
  }
  if (in.participants) {
    for (const polis::ParticipantVotesRow& row : in.participants->rows) {
      participants[row.participant] = row.group_id;
    }
  }
  std::map<int64_t, const polis::CommentRecord*> comments;
  for (const polis::CommentRecord& c : in.comments) {
    comments[c.comment_id] = &c;
  }
  std::set<int64_t> voted;
  for (const Vote& v : cells) {
    voted.insert(v.statement);
  }
  Timestamp now = ctx.clock.Now();
  std::string at = FormatIso8601(now);
  Imported out;
  RETURN_IF_ERROR(ctx.db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out.conversation_id, store::InsertConversation(c, conversation, at));
    for (int64_t id : voted) {
      comments.try_emplace(id, nullptr);
    }
    for (const auto& [id, record] : comments) {
      Statement s;
      s.conversation_id = out.conversation_id;
      s.text =
          record ? record->body : fmt::format("(comment {}: its text is not in the export)", id);
      s.seeded = record && record->is_seed;
      s.is_meta = record && record->is_meta;
      s.status =
          record && record->moderated < 0 ? StatementStatus::kRejected : StatementStatus::kAccepted;
      s.reason = s.status == StatementStatus::kRejected ? "moderated out in Polis" : "";
      s.created_at = record && !record->datetime.empty() ? record->datetime : at;
      RETURN_IF_ERROR(detail::ToStatus(store::InsertStatement(c, s, id)));
      ++out.statements;
    }
    for (const auto& [id, group] : participants) {
      Participant p;
      p.conversation_id = out.conversation_id;
      p.polis_group = group;
      p.origin = "polis";
      RETURN_IF_ERROR(detail::ToStatus(store::InsertParticipant(c, p, "", at, id)));
      ++out.participants;
    }
    RETURN_IF_ERROR(
        store::UpsertVotes(c, out.conversation_id, cells, now.time_since_epoch().count()));
    out.votes = static_cast<int64_t>(cells.size());
    RETURN_IF_ERROR(store::BumpRevision(c, out.conversation_id));
    return audit::Append(
        c, actor,
        {"conversation", std::to_string(out.conversation_id), process_id, "import", nullptr,
         json{{"origin", conversation.origin},
              {"statements", out.statements},
              {"participants", out.participants},
              {"votes", out.votes}}},
        now);
  }));
  return out;
}

Result<PolisExport> ExportPolis(Context& ctx, int64_t conversation_id) {
  PolisExport out;
  std::vector<Statement> statements;
  std::vector<Participant> participants;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto conversation, store::FindConversation(c, conversation_id));
    if (!conversation) {
      return NotFound(fmt::format("no conversation {}", conversation_id));
    }
    ASSIGN_OR_RETURN(statements, store::StatementsOf(c, conversation_id, true));
    ASSIGN_OR_RETURN(participants, store::ParticipantsOf(c, conversation_id));
    return store::ScanVotes(c, conversation_id, [&](std::span<const store::StoredVote> page) {
      for (const store::StoredVote& v : page) {
        out.votes.push_back({v.voted_at_ms, v.statement, v.participant, v.value});
      }
    });
  }));
  polis::ParticipantVotesTable table;
  std::map<int64_t, size_t> column;
  for (const Statement& s : statements) {
    polis::CommentRecord r;
    auto at = ParseIso8601(s.created_at);
    r.timestamp_ms = at ? at->time_since_epoch().count() : 0;
    r.datetime = r.timestamp_ms ? polis::FormatPolisDatetime(r.timestamp_ms) : s.created_at;
    r.comment_id = s.number;
    r.author_id = s.author.value_or(0);
    r.agrees = s.agree;
    r.disagrees = s.disagree;
    r.moderated = s.status == StatementStatus::kRejected   ? -1
                  : s.status == StatementStatus::kAccepted ? 1
                                                           : 0;
    r.is_meta = s.is_meta;
    r.is_seed = s.seeded;
    r.body = s.text;
    out.comments.push_back(std::move(r));
    column[s.number] = table.comment_ids.size();
    table.comment_ids.push_back(s.number);
  }
  std::map<int64_t, size_t> row_of;
  for (const Participant& p : participants) {
    polis::ParticipantVotesRow row;
    row.participant = p.number;
    row.group_id = p.polis_group;
    row.votes.assign(table.comment_ids.size(), polis::kNoVote);
    row_of[p.number] = table.rows.size();
    table.rows.push_back(std::move(row));
  }
  for (const polis::VoteRecord& v : out.votes) {
    auto r = row_of.find(v.voter_id);
    auto col = column.find(v.comment_id);
    if (r == row_of.end() || col == column.end()) {
      continue;
    }
    polis::ParticipantVotesRow& row = table.rows[r->second];
    row.votes[col->second] = v.vote;
    ++row.n_votes;
    row.n_agree += v.vote > 0 ? 1 : 0;
    row.n_disagree += v.vote < 0 ? 1 : 0;
  }
  for (const Statement& s : statements) {
    if (s.author) {
      auto r = row_of.find(*s.author);
      if (r != row_of.end()) {
        ++table.rows[r->second].n_comments;
      }
    }
  }
  out.participants = std::move(table);
  return out;
}

}  // namespace plenary::conversation
