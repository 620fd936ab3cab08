#include "conversation/store.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace plenary::conversation::store {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kInsertConversation =
    "INSERT INTO conversations (process_id, topic, description, is_open, moderation, "
    "participant_statements, origin, revision, next_statement, next_participant, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, 0, 1, 1, ?) RETURNING id";
constexpr std::string_view kConversationColumns =
    "SELECT id, process_id, topic, description, is_open, moderation, participant_statements, "
    "origin, revision, created_at FROM conversations ";
constexpr std::string_view kProcessOf = "SELECT process_id FROM conversations WHERE id = ?";
constexpr std::string_view kUpdateConversation =
    "UPDATE conversations SET topic = ?, description = ?, is_open = ?, moderation = ?, "
    "participant_statements = ?, revision = revision + 1 WHERE id = ?";
constexpr std::string_view kBumpRevision =
    "UPDATE conversations SET revision = revision + 1 WHERE id = ?";
constexpr std::string_view kToAnalyse =
    "SELECT c.id FROM conversations c WHERE c.revision > COALESCE((SELECT MAX(s.revision) FROM "
    "conversation_snapshots s WHERE s.conversation_id = c.id), -1) AND EXISTS (SELECT 1 FROM "
    "conversation_votes v WHERE v.conversation_id = c.id) ORDER BY c.id";

constexpr std::string_view kNextStatement =
    "UPDATE conversations SET next_statement = next_statement + 1 WHERE id = ? "
    "RETURNING next_statement - 1";
constexpr std::string_view kReserveStatement =
    "UPDATE conversations SET next_statement = CASE WHEN next_statement > ? THEN next_statement "
    "ELSE ? END WHERE id = ?";
constexpr std::string_view kInsertStatement =
    "INSERT INTO conversation_statements (conversation_id, number, text, source, author, seeded, "
    "is_meta, status, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kStatementColumns =
    "SELECT conversation_id, number, text, source, author, seeded, is_meta, status, reason, "
    "created_at FROM conversation_statements ";
constexpr std::string_view kVoteCounts =
    "SELECT statement, vote, COUNT(*) FROM conversation_votes WHERE conversation_id = ? "
    "GROUP BY statement, vote";
constexpr std::string_view kSetStatus =
    "UPDATE conversation_statements SET status = ?, reason = ?, moderated_by = ?, "
    "moderated_at = ? WHERE conversation_id = ? AND number = ?";

constexpr std::string_view kNextParticipant =
    "UPDATE conversations SET next_participant = next_participant + 1 WHERE id = ? "
    "RETURNING next_participant - 1";
constexpr std::string_view kReserveParticipants =
    "UPDATE conversations SET next_participant = CASE WHEN next_participant > ? THEN "
    "next_participant ELSE ? END WHERE id = ?";
constexpr std::string_view kInsertParticipant =
    "INSERT INTO conversation_participants (conversation_id, number, user_id, token_hash, "
    "stakeholder_group, country_iso3, polis_group, origin, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kParticipantColumns =
    "SELECT conversation_id, number, user_id, stakeholder_group, country_iso3, polis_group, "
    "origin FROM conversation_participants ";
constexpr std::string_view kSetDeclaration =
    "UPDATE conversation_participants SET stakeholder_group = ?, country_iso3 = ? "
    "WHERE conversation_id = ? AND number = ?";

constexpr std::string_view kVotesOf =
    "SELECT statement, vote FROM conversation_votes WHERE conversation_id = ? AND participant = ? "
    "ORDER BY statement";
constexpr std::string_view kScanVotes =
    "SELECT participant, statement, vote, voted_at FROM conversation_votes WHERE "
    "conversation_id = ? AND (participant, statement) > (?, ?) ORDER BY participant, statement "
    "LIMIT 65536";
constexpr std::string_view kCountVotes =
    "SELECT COUNT(*), COUNT(DISTINCT participant) FROM conversation_votes WHERE "
    "conversation_id = ?";

constexpr std::string_view kCountUpTo =
    "SELECT COUNT(*) FROM (SELECT 1 FROM conversation_votes WHERE conversation_id = ? LIMIT ?) v";

constexpr std::string_view kNextSnapshot =
    "SELECT COALESCE(MAX(number), 0) + 1 FROM conversation_snapshots WHERE conversation_id = ?";
constexpr std::string_view kInsertSnapshot =
    "INSERT INTO conversation_snapshots (conversation_id, number, revision, participants, votes, "
    "result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSnapshotColumns =
    "SELECT conversation_id, number, revision, participants, votes, result, created_at FROM "
    "conversation_snapshots ";
constexpr std::string_view kSnapshotList =
    "SELECT conversation_id, number, revision, participants, votes, '', created_at FROM "
    "conversation_snapshots WHERE conversation_id = ? ORDER BY number DESC";

// Rows per multi-row INSERT. A batch is written in chunks of these sizes, largest first, so
// only a few distinct statements exist and each stays prepared in the connection's cache.
constexpr std::array<size_t, 4> kChunks = {512, 64, 8, 1};

std::string MultiRow(std::string_view head, size_t columns, size_t rows, std::string_view tail) {
  std::string row = "(";
  for (size_t c = 0; c < columns; ++c) {
    row += c == 0 ? "?" : ", ?";
  }
  row += ")";
  std::string sql(head);
  for (size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? " " : ", ";
    sql += row;
  }
  sql += tail;
  return sql;
}

// The upsert of `rows` votes.
const std::string& UpsertSql(size_t rows) {
  static const std::array<std::string, kChunks.size()> sql = [] {
    std::array<std::string, kChunks.size()> out;
    for (size_t i = 0; i < kChunks.size(); ++i) {
      out[i] = MultiRow(
          "INSERT INTO conversation_votes (conversation_id, participant, statement, vote, "
          "voted_at) VALUES",
          5, kChunks[i],
          " ON CONFLICT (conversation_id, participant, statement) DO UPDATE SET vote = "
          "excluded.vote, voted_at = excluded.voted_at");
    }
    return out;
  }();
  return sql[std::find(kChunks.begin(), kChunks.end(), rows) - kChunks.begin()];
}

const std::string& EnsureSql(size_t rows) {
  static const std::array<std::string, kChunks.size()> sql = [] {
    std::array<std::string, kChunks.size()> out;
    for (size_t i = 0; i < kChunks.size(); ++i) {
      out[i] = MultiRow(
          "INSERT INTO conversation_participants (conversation_id, number, stakeholder_group, "
          "origin, created_at) VALUES",
          5, kChunks[i], " ON CONFLICT (conversation_id, number) DO NOTHING");
    }
    return out;
  }();
  return sql[std::find(kChunks.begin(), kChunks.end(), rows) - kChunks.begin()];
}

// Calls write(offset, rows) over [0, n) in chunks of kChunks sizes.
template <typename Write>
Status InChunks(size_t n, Write write) {
  size_t at = 0;
  for (size_t chunk : kChunks) {
    while (n - at >= chunk) {
      RETURN_IF_ERROR(write(at, chunk));
      at += chunk;
    }
  }
  return Status::Ok();
}

Value TextOrNull(std::string_view text) {
  return text.empty() ? Value() : Value(std::string(text));
}

Value OptionalInt(std::optional<int64_t> v) {
  return v ? Value(*v) : Value();
}

Conversation ToConversation(const Row& r) {
  Conversation c;
  c.id = r.Int(0);
  c.process_id = r.Int(1);
  c.topic = r.Text(2);
  c.description = r.Text(3);
  c.open = r.Int(4) != 0;
  c.moderation = ParseModeration(r.Text(5)).value_or(Moderation::kNone);
  c.participant_statements = r.Int(6) != 0;
  c.origin = r.Text(7);
  c.revision = r.Int(8);
  c.created_at = r.Text(9);
  return c;
}

Statement ToStatement(const Row& r) {
  Statement s;
  s.conversation_id = r.Int(0);
  s.number = r.Int(1);
  s.text = r.Text(2);
  s.source = r.Text(3);
  s.author = r.OptionalInt(4);
  s.seeded = r.Int(5) != 0;
  s.is_meta = r.Int(6) != 0;
  s.status = ParseStatementStatus(r.Text(7)).value_or(StatementStatus::kPending);
  s.reason = r.Text(8);
  s.created_at = r.Text(9);
  return s;
}

Participant ToParticipant(const Row& r) {
  Participant p;
  p.conversation_id = r.Int(0);
  p.number = r.Int(1);
  p.user_id = r.OptionalInt(2);
  p.stakeholder_group = r.Text(3);
  p.country_iso3 = r.Text(4);
  p.polis_group = r.OptionalInt(5);
  p.origin = r.Text(6);
  return p;
}

Snapshot ToSnapshot(const Row& r) {
  return {r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4), r.Text(5), r.Text(6)};
}

Result<std::optional<Participant>> OneParticipant(Connection& db, std::string_view where,
                                                  std::span<const Value> params) {
  ASSIGN_OR_RETURN(auto rows,
                   db.Query(std::string(kParticipantColumns) + std::string(where), params));
  if (rows.empty()) {
    return std::optional<Participant>();
  }
  return std::optional<Participant>(ToParticipant(rows.rows.front()));
}

}  // namespace

Result<int64_t> InsertConversation(Connection& db, const Conversation& c, std::string_view now) {
  Value params[] = {c.process_id,
                    c.topic,
                    c.description,
                    int64_t{c.open},
                    std::string(Code(c.moderation)),
                    int64_t{c.participant_statements},
                    c.origin,
                    std::string(now)};
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kInsertConversation, params, "new conversation"));
  return row.Int(0);
}

Result<std::optional<Conversation>> FindConversation(Connection& db, int64_t id) {
  Value param = id;
  ASSIGN_OR_RETURN(auto rows, db.Query(std::string(kConversationColumns) + "WHERE id = ?",
                                       std::span(&param, 1)));
  if (rows.empty()) {
    return std::optional<Conversation>();
  }
  return std::optional<Conversation>(ToConversation(rows.rows.front()));
}

Result<std::vector<Conversation>> ConversationsOf(Connection& db, int64_t process_id) {
  Value param = process_id;
  ASSIGN_OR_RETURN(auto rows,
                   db.Query(std::string(kConversationColumns) + "WHERE process_id = ? ORDER BY id",
                            std::span(&param, 1)));
  std::vector<Conversation> out;
  for (const Row& r : rows.rows) {
    out.push_back(ToConversation(r));
  }
  return out;
}

Result<std::optional<int64_t>> ProcessOfConversation(Connection& db, int64_t id) {
  Value param = id;
  ASSIGN_OR_RETURN(auto rows, db.Query(kProcessOf, std::span(&param, 1)));
  if (rows.empty()) {
    return std::optional<int64_t>();
  }
  return std::optional<int64_t>(rows.rows.front().Int(0));
}

Status UpdateConversation(Connection& db, const Conversation& c) {
  Value params[] = {c.topic,
                    c.description,
                    int64_t{c.open},
                    std::string(Code(c.moderation)),
                    int64_t{c.participant_statements},
                    c.id};
  return detail::ToStatus(db.Execute(kUpdateConversation, params));
}

Status BumpRevision(Connection& db, int64_t conversation_id) {
  Value param = conversation_id;
  return detail::ToStatus(db.Execute(kBumpRevision, std::span(&param, 1)));
}

Result<std::vector<int64_t>> ConversationsToAnalyse(Connection& db) {
  ASSIGN_OR_RETURN(auto rows, db.Query(kToAnalyse));
  return rows.Ints();
}

Result<int64_t> InsertStatement(Connection& db, const Statement& s, std::optional<int64_t> number) {
  int64_t n = 0;
  if (number) {
    n = *number;
    Value params[] = {n + 1, n + 1, s.conversation_id};
    RETURN_IF_ERROR(detail::ToStatus(db.Execute(kReserveStatement, params)));
  } else {
    Value param = s.conversation_id;
    ASSIGN_OR_RETURN(Row row, db.QueryOne(kNextStatement, std::span(&param, 1), "conversation"));
    n = row.Int(0);
  }
  Value params[] = {s.conversation_id,
                    n,
                    s.text,
                    s.source,
                    OptionalInt(s.author),
                    int64_t{s.seeded},
                    int64_t{s.is_meta},
                    std::string(Code(s.status)),
                    s.reason,
                    s.created_at};
  RETURN_IF_ERROR(detail::ToStatus(db.Execute(kInsertStatement, params)));
  return n;
}

Result<std::optional<Statement>> FindStatement(Connection& db, int64_t conversation_id,
                                               int64_t number) {
  Value params[] = {conversation_id, number};
  ASSIGN_OR_RETURN(auto rows, db.Query(std::string(kStatementColumns) +
                                           "WHERE conversation_id = ? AND number = ?",
                                       params));
  if (rows.empty()) {
    return std::optional<Statement>();
  }
  return std::optional<Statement>(ToStatement(rows.rows.front()));
}

Result<std::vector<Statement>> StatementsOf(Connection& db, int64_t conversation_id, bool counted) {
  Value param = conversation_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(std::string(kStatementColumns) +
                                           "WHERE conversation_id = ? ORDER BY number",
                                       std::span(&param, 1)));
  std::vector<Statement> out;
  for (const Row& r : rows.rows) {
    out.push_back(ToStatement(r));
  }
  if (counted) {
    ASSIGN_OR_RETURN(auto counts, db.Query(kVoteCounts, std::span(&param, 1)));
    for (const Row& r : counts.rows) {
      auto it = std::lower_bound(out.begin(), out.end(), r.Int(0),
                                 [](const Statement& s, int64_t n) { return s.number < n; });
      if (it == out.end() || it->number != r.Int(0)) {
        continue;
      }
      int64_t vote = r.Int(1);
      (vote > 0 ? it->agree : vote < 0 ? it->disagree : it->pass) += r.Int(2);
    }
  }
  return out;
}

Status SetStatementStatus(Connection& db, int64_t conversation_id, int64_t number,
                          StatementStatus status, std::string_view reason, int64_t moderator,
                          std::string_view now) {
  Value params[] = {
      std::string(Code(status)), std::string(reason), moderator > 0 ? Value(moderator) : Value(),
      std::string(now),          conversation_id,     number};
  return detail::ToStatus(db.Execute(kSetStatus, params));
}

Result<int64_t> InsertParticipant(Connection& db, const Participant& p, std::string_view token_hash,
                                  std::string_view now, std::optional<int64_t> number) {
  int64_t n = 0;
  if (number) {
    n = *number;
    Value params[] = {n + 1, n + 1, p.conversation_id};
    RETURN_IF_ERROR(detail::ToStatus(db.Execute(kReserveParticipants, params)));
  } else {
    Value param = p.conversation_id;
    ASSIGN_OR_RETURN(Row row, db.QueryOne(kNextParticipant, std::span(&param, 1), "conversation"));
    n = row.Int(0);
  }
  Value params[] = {p.conversation_id,
                    n,
                    OptionalInt(p.user_id),
                    TextOrNull(token_hash),
                    p.stakeholder_group,
                    TextOrNull(p.country_iso3),
                    OptionalInt(p.polis_group),
                    p.origin,
                    std::string(now)};
  RETURN_IF_ERROR(detail::ToStatus(db.Execute(kInsertParticipant, params)));
  return n;
}

Result<std::optional<Participant>> FindParticipantByUser(Connection& db, int64_t conversation_id,
                                                         int64_t user_id) {
  Value params[] = {conversation_id, user_id};
  return OneParticipant(db, "WHERE conversation_id = ? AND user_id = ?", params);
}

Result<std::optional<Participant>> FindParticipantByToken(Connection& db, int64_t conversation_id,
                                                          std::string_view token_hash) {
  Value params[] = {conversation_id, std::string(token_hash)};
  return OneParticipant(db, "WHERE conversation_id = ? AND token_hash = ?", params);
}

Result<std::optional<Participant>> FindParticipant(Connection& db, int64_t conversation_id,
                                                   int64_t number) {
  Value params[] = {conversation_id, number};
  return OneParticipant(db, "WHERE conversation_id = ? AND number = ?", params);
}

Status SetDeclaration(Connection& db, int64_t conversation_id, int64_t number,
                      std::string_view stakeholder_group, std::string_view country_iso3) {
  Value params[] = {std::string(stakeholder_group), TextOrNull(country_iso3), conversation_id,
                    number};
  return detail::ToStatus(db.Execute(kSetDeclaration, params));
}

Status EnsureParticipants(Connection& db, int64_t conversation_id, std::span<const int64_t> numbers,
                          std::string_view origin, std::string_view now) {
  if (numbers.empty()) {
    return Status::Ok();
  }
  std::vector<Value> params;
  RETURN_IF_ERROR(InChunks(numbers.size(), [&](size_t at, size_t rows) -> Status {
    params.clear();
    for (size_t i = at; i < at + rows; ++i) {
      params.insert(params.end(), {conversation_id, numbers[i], std::string(), std::string(origin),
                                   std::string(now)});
    }
    return detail::ToStatus(db.Execute(EnsureSql(rows), params));
  }));
  int64_t top = *std::max_element(numbers.begin(), numbers.end()) + 1;
  Value reserve[] = {top, top, conversation_id};
  return detail::ToStatus(db.Execute(kReserveParticipants, reserve));
}

Result<std::vector<Participant>> ParticipantsOf(Connection& db, int64_t conversation_id) {
  Value param = conversation_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(std::string(kParticipantColumns) +
                                           "WHERE conversation_id = ? ORDER BY number",
                                       std::span(&param, 1)));
  std::vector<Participant> out;
  out.reserve(rows.rows.size());
  for (const Row& r : rows.rows) {
    out.push_back(ToParticipant(r));
  }
  return out;
}

Status UpsertVotes(Connection& db, int64_t conversation_id, std::span<const Vote> votes,
                   int64_t voted_at_ms) {
  std::vector<Value> params;
  params.reserve(kChunks.front() * 5);
  return InChunks(votes.size(), [&](size_t at, size_t rows) -> Status {
    params.clear();
    for (size_t i = at; i < at + rows; ++i) {
      const Vote& v = votes[i];
      params.emplace_back(conversation_id);
      params.emplace_back(v.participant);
      params.emplace_back(v.statement);
      params.emplace_back(int64_t{static_cast<int8_t>(v.value)});
      params.emplace_back(v.at_ms != 0 ? v.at_ms : voted_at_ms);
    }
    return detail::ToStatus(db.Execute(UpsertSql(rows), params));
  });
}

Result<std::vector<std::pair<int64_t, VoteValue>>> VotesOf(Connection& db, int64_t conversation_id,
                                                           int64_t participant) {
  Value params[] = {conversation_id, participant};
  ASSIGN_OR_RETURN(auto rows, db.Query(kVotesOf, params));
  std::vector<std::pair<int64_t, VoteValue>> out;
  for (const Row& r : rows.rows) {
    out.emplace_back(r.Int(0), static_cast<VoteValue>(r.Int(1)));
  }
  return out;
}

Status ScanVotes(Connection& db, int64_t conversation_id,
                 const std::function<void(std::span<const StoredVote>)>& each) {
  int64_t after_participant = -1;
  int64_t after_statement = -1;
  std::vector<StoredVote> page;
  while (true) {
    Value params[] = {conversation_id, after_participant, after_statement};
    ASSIGN_OR_RETURN(auto rows, db.Query(kScanVotes, params));
    if (rows.empty()) {
      return Status::Ok();
    }
    page.clear();
    for (const Row& r : rows.rows) {
      page.push_back({r.Int(0), r.Int(1), static_cast<int8_t>(r.Int(2)), r.Int(3)});
    }
    each(page);
    after_participant = page.back().participant;
    after_statement = page.back().statement;
  }
}

Result<Totals> CountVotes(Connection& db, int64_t conversation_id) {
  Value param = conversation_id;
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kCountVotes, std::span(&param, 1), "vote counts"));
  return Totals{row.Int(0), row.Int(1)};
}

Result<int64_t> CountVotesUpTo(Connection& db, int64_t conversation_id, int64_t limit) {
  Value params[] = {conversation_id, limit};
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kCountUpTo, params, "vote count"));
  return row.Int(0);
}

Result<int64_t> InsertSnapshot(Connection& db, const Snapshot& s) {
  Value param = s.conversation_id;
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kNextSnapshot, std::span(&param, 1), "snapshot number"));
  int64_t number = row.Int(0);
  Value params[] = {s.conversation_id, number,   s.revision,  s.participants,
                    s.votes,           s.result, s.created_at};
  RETURN_IF_ERROR(detail::ToStatus(db.Execute(kInsertSnapshot, params)));
  return number;
}

Result<std::optional<Snapshot>> LatestSnapshot(Connection& db, int64_t conversation_id) {
  Value param = conversation_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(std::string(kSnapshotColumns) +
                                           "WHERE conversation_id = ? ORDER BY number DESC LIMIT 1",
                                       std::span(&param, 1)));
  if (rows.empty()) {
    return std::optional<Snapshot>();
  }
  return std::optional<Snapshot>(ToSnapshot(rows.rows.front()));
}

Result<std::optional<Snapshot>> FindSnapshot(Connection& db, int64_t conversation_id,
                                             int64_t number) {
  Value params[] = {conversation_id, number};
  ASSIGN_OR_RETURN(
      auto rows,
      db.Query(std::string(kSnapshotColumns) + "WHERE conversation_id = ? AND number = ?", params));
  if (rows.empty()) {
    return std::optional<Snapshot>();
  }
  return std::optional<Snapshot>(ToSnapshot(rows.rows.front()));
}

Result<std::vector<Snapshot>> SnapshotsOf(Connection& db, int64_t conversation_id) {
  Value param = conversation_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(kSnapshotList, std::span(&param, 1)));
  std::vector<Snapshot> out;
  for (const Row& r : rows.rows) {
    out.push_back(ToSnapshot(r));
  }
  return out;
}

constexpr std::string_view kParticipationsOf =
    "SELECT conversation_id, number, stakeholder_group, country_iso3, origin FROM "
    "conversation_participants WHERE user_id = ? ORDER BY conversation_id";
constexpr std::string_view kUnlinkParticipations =
    "UPDATE conversation_participants SET user_id = NULL WHERE user_id = ?";

Result<std::vector<Participant>> ParticipationsOf(Connection& db, int64_t user_id) {
  Value param = user_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(kParticipationsOf, std::span(&param, 1)));
  std::vector<Participant> out;
  for (const Row& r : rows.rows) {
    Participant p;
    p.conversation_id = r.Int(0);
    p.number = r.Int(1);
    p.user_id = user_id;
    p.stakeholder_group = r.Text(2);
    p.country_iso3 = r.IsNull(3) ? "" : r.Text(3);
    p.origin = r.Text(4);
    out.push_back(std::move(p));
  }
  return out;
}

Result<int64_t> UnlinkParticipations(Connection& db, int64_t user_id) {
  Value param = user_id;
  return db.Execute(kUnlinkParticipations, std::span(&param, 1));
}

}  // namespace plenary::conversation::store
