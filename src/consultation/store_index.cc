// What the in-memory search index (search_index.h) reads from the database.
#include <algorithm>
#include <array>
#include <span>
#include <unordered_map>

#include <fmt/format.h>

#include "consultation/store.h"
#include "storage/sql_text.h"

namespace plenary::consultation::store {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kToIndex =
    "SELECT id, call_id, process_id, stakeholder_group, country_iso3, language, body "
    "FROM contributions WHERE id IN ";
// Answers and files in the order FindContribution gives them.
constexpr std::string_view kAnswersIn =
    "SELECT contribution_id, question, text FROM contribution_answers WHERE contribution_id IN ";
constexpr std::string_view kFileTextsIn =
    "SELECT contribution_id, text FROM contribution_files WHERE contribution_id IN ";
// IN, not <>: the (call_id, status) index then lists them at once.
constexpr std::string_view kUnpublished =
    "SELECT c.id FROM calls k JOIN contributions c ON c.call_id = k.id AND c.status IN ({}) "
    "WHERE k.process_id = ?";

constexpr std::string_view kAddToBacklog =
    "INSERT INTO contribution_index_backlog (contribution_id) VALUES (?)";
constexpr std::string_view kBacklog =
    "SELECT contribution_id FROM contribution_index_backlog WHERE contribution_id <= ? "
    "ORDER BY contribution_id LIMIT ?";
constexpr std::string_view kRemoveFromBacklog =
    "DELETE FROM contribution_index_backlog WHERE contribution_id IN ";

constexpr std::string_view kIndexedSqlite =
    "SELECT id FROM contribution_index_docsize WHERE id IN ";
constexpr std::string_view kLastIndexedSqlite =
    "SELECT COALESCE(MAX(id), 0) FROM contribution_index_docsize";
constexpr std::string_view kLastIndexedPostgres =
    "SELECT COALESCE(MAX(contribution_id), 0) FROM contribution_terms";
constexpr std::string_view kIndexedPostgres =
    "SELECT contribution_id FROM contribution_terms WHERE contribution_id IN ";
constexpr std::string_view kStandingMain =
    "SELECT (SELECT COUNT(*) FROM contributions), (SELECT COALESCE(MAX(id), 0) FROM "
    "contributions), (SELECT COUNT(*) FROM contribution_index_backlog)";
constexpr std::string_view kStandingSqlite =
    "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM contribution_index_docsize";
constexpr std::string_view kStandingPostgres =
    "SELECT COUNT(*), COALESCE(MAX(contribution_id), 0) FROM contribution_terms";
constexpr std::string_view kUnlistedSqlite =
    "SELECT c.id FROM contributions c WHERE NOT EXISTS (SELECT 1 FROM contribution_index_docsize "
    "d WHERE d.id = c.id) AND NOT EXISTS (SELECT 1 FROM contribution_index_backlog b WHERE "
    "b.contribution_id = c.id) ORDER BY c.id";
constexpr std::string_view kUnlistedPostgres =
    "SELECT c.id FROM contributions c WHERE NOT EXISTS (SELECT 1 FROM contribution_terms t "
    "WHERE t.contribution_id = c.id) AND NOT EXISTS (SELECT 1 FROM contribution_index_backlog b "
    "WHERE b.contribution_id = c.id) ORDER BY c.id";

}  // namespace

Status AddToIndexBacklog(Connection& db, int64_t id) {
  Value param = id;
  return detail::ToStatus(db.Execute(kAddToBacklog, std::span(&param, 1)));
}

Status AddToIndexBacklog(Connection& db, std::span<const int64_t> ids) {
  constexpr size_t kChunk = 500;  // bound parameters per statement
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    auto chunk = ids.subspan(start, std::min(kChunk, ids.size() - start));
    std::vector<Value> params(chunk.begin(), chunk.end());
    std::string sql = "INSERT INTO contribution_index_backlog (contribution_id) VALUES (?)";
    for (size_t i = 1; i < chunk.size(); ++i) {
      sql += ", (?)";
    }
    RETURN_IF_ERROR(detail::ToStatus(db.Execute(sql + " ON CONFLICT DO NOTHING", params)));
  }
  return Status::Ok();
}

Result<std::vector<int64_t>> IndexBacklog(Connection& db, int64_t limit, int64_t up_to_id) {
  std::array<Value, 2> params = {up_to_id, limit};
  ASSIGN_OR_RETURN(auto rows, db.Query(kBacklog, params));
  return rows.Ints();
}

Status RemoveFromIndexBacklog(Connection& db, std::span<const int64_t> ids) {
  constexpr size_t kChunk = 500;  // bound parameters per statement
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    auto chunk = ids.subspan(start, std::min(kChunk, ids.size() - start));
    std::vector<Value> params(chunk.begin(), chunk.end());
    RETURN_IF_ERROR(detail::ToStatus(
        db.Execute(std::string(kRemoveFromBacklog) + storage::Placeholders(chunk.size()), params)));
  }
  return Status::Ok();
}

Result<std::vector<int64_t>> IndexedAmong(Connection& db, std::span<const int64_t> ids) {
  // FTS5 lists each document of the index in its %_docsize table (a contentless table's only
  // record of which rowids it holds).
  const bool postgres = db.backend() == storage::Backend::kPostgres;
  std::vector<int64_t> out;
  // Ids past the largest indexed one (new contributions, nearly always all of them) need no
  // lookup each.
  ASSIGN_OR_RETURN(Row last, db.QueryOne(postgres ? kLastIndexedPostgres : kLastIndexedSqlite, {},
                                         "last indexed"));
  std::vector<int64_t> candidates;
  for (int64_t id : ids) {
    if (id <= last.Int(0)) {
      candidates.push_back(id);
    }
  }
  ids = candidates;
  const std::string_view sql = postgres ? kIndexedPostgres : kIndexedSqlite;
  constexpr size_t kChunk = 500;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    auto chunk = ids.subspan(start, std::min(kChunk, ids.size() - start));
    std::vector<Value> params(chunk.begin(), chunk.end());
    ASSIGN_OR_RETURN(
        auto rows,
        db.Query(std::string(sql) + storage::Placeholders(chunk.size()) + " ORDER BY 1", params));
    std::vector<int64_t> found = rows.Ints();
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

Result<IndexStanding> StandingOfIndex(Connection& db) {
  const bool postgres = db.backend() == storage::Backend::kPostgres;
  // The index first: a Read takes each file's snapshot when it first touches it, and the index
  // only holds ids committed before, so its largest is never past the contributions' largest
  // read after it (the other order could see an index "ahead" of the contributions while
  // passes run). Counts read this way may miss an id indexed and taken out of the backlog in
  // between: ReconcileIndex then looks for unlisted ones, finds none, and lists nothing.
  ASSIGN_OR_RETURN(Row index,
                   db.QueryOne(postgres ? kStandingPostgres : kStandingSqlite, {}, "index"));
  ASSIGN_OR_RETURN(Row main, db.QueryOne(kStandingMain, {}, "contributions"));
  return IndexStanding{.contributions = main.Int(0),
                       .last_contribution = main.Int(1),
                       .indexed = index.Int(0),
                       .last_indexed = index.Int(1),
                       .waiting = main.Int(2)};
}

Result<std::vector<int64_t>> UnlistedContributions(Connection& db) {
  ASSIGN_OR_RETURN(
      auto rows,
      db.Query(db.backend() == storage::Backend::kPostgres ? kUnlistedPostgres : kUnlistedSqlite));
  return rows.Ints();
}

Status ClearIndex(Connection& db) {
  return detail::ToStatus(db.Execute(db.backend() == storage::Backend::kPostgres
                                         ? "DELETE FROM contribution_terms"
                                         : "INSERT INTO contribution_index (contribution_index) "
                                           "VALUES ('delete-all')"));
}

Result<std::vector<Contribution>> ContributionsToIndex(Connection& db,
                                                       std::span<const int64_t> ids) {
  std::vector<Contribution> out;
  if (ids.empty()) {
    return out;
  }
  std::vector<Value> params(ids.begin(), ids.end());
  ASSIGN_OR_RETURN(auto rows,
                   db.Query(std::string(kToIndex) + storage::Placeholders(ids.size()), params));
  std::unordered_map<int64_t, size_t> at;
  for (const Row& r : rows.rows) {
    Contribution c;
    c.id = r.Int(0);
    c.call_id = r.Int(1);
    c.process_id = r.Int(2);
    c.stakeholder_group = r.Text(3);
    c.country_iso3 = r.Text(4);
    c.language = r.Text(5);
    c.body = r.Text(6);
    at.emplace(c.id, out.size());
    out.push_back(std::move(c));
  }
  ASSIGN_OR_RETURN(auto answers,
                   db.Query(std::string(kAnswersIn) + storage::Placeholders(ids.size()) +
                                " ORDER BY contribution_id, question",
                            params));
  for (const Row& r : answers.rows) {
    if (auto found = at.find(r.Int(0)); found != at.end()) {
      out[found->second].answers.push_back({static_cast<int>(r.Int(1)), r.Text(2)});
    }
  }
  ASSIGN_OR_RETURN(auto files,
                   db.Query(std::string(kFileTextsIn) + storage::Placeholders(ids.size()) +
                                " ORDER BY contribution_id, id",
                            params));
  for (const Row& r : files.rows) {
    if (auto found = at.find(r.Int(0)); found != at.end()) {
      Attachment file;
      file.text = r.Text(1);
      out[found->second].attachments.push_back(std::move(file));
    }
  }
  // In the order asked for; ids that are not there are left out.
  std::vector<Contribution> ordered;
  ordered.reserve(out.size());
  for (int64_t id : ids) {
    if (auto found = at.find(id); found != at.end()) {
      ordered.push_back(std::move(out[found->second]));
    }
  }
  return ordered;
}

Result<std::vector<int64_t>> ExistingContributions(Connection& db, std::span<const int64_t> ids) {
  constexpr size_t kChunk = 500;
  std::vector<int64_t> out;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    auto chunk = ids.subspan(start, std::min(kChunk, ids.size() - start));
    std::vector<Value> params(chunk.begin(), chunk.end());
    ASSIGN_OR_RETURN(auto rows, db.Query("SELECT id FROM contributions WHERE id IN " +
                                             storage::Placeholders(chunk.size()) + " ORDER BY id",
                                         params));
    std::vector<int64_t> found = rows.Ints();
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

Result<std::vector<int64_t>> ContributionIdsAfter(Connection& db, int64_t after_id, int64_t limit) {
  Value params[] = {after_id, limit};
  ASSIGN_OR_RETURN(
      auto rows, db.Query("SELECT id FROM contributions WHERE id > ? ORDER BY id LIMIT ?", params));
  return rows.Ints();
}

Result<std::optional<std::string>> ReceiptOf(Connection& db, int64_t id) {
  Value param = id;
  ASSIGN_OR_RETURN(
      auto rows, db.Query("SELECT receipt FROM contributions WHERE id = ?", std::span(&param, 1)));
  if (rows.empty()) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(rows.rows.front().Text(0));
}

Result<std::unordered_set<int64_t>> UnpublishedIds(Connection& db, int64_t process_id) {
  std::vector<Value> params;
  std::string marks;
  for (ContributionStatus s : kAllContributionStatuses) {
    if (s != ContributionStatus::kPublished) {
      params.emplace_back(std::string(Code(s)));
      marks += marks.empty() ? "?" : ", ?";
    }
  }
  params.emplace_back(process_id);
  ASSIGN_OR_RETURN(auto rows, db.Query(fmt::format(fmt::runtime(kUnpublished), marks), params));
  std::unordered_set<int64_t> out;
  for (const Row& r : rows.rows) {
    out.insert(r.Int(0));
  }
  return out;
}

Result<int64_t> ModerationVersion(Connection& db, int64_t process_id) {
  Value param = process_id;
  ASSIGN_OR_RETURN(auto rows,
                   db.Query("SELECT version FROM moderation_versions WHERE process_id = ?",
                            std::span(&param, 1)));
  return rows.empty() ? int64_t{0} : rows.rows[0].Int(0);
}

Status MoveModerationVersion(Connection& db, int64_t process_id) {
  Value param = process_id;
  return detail::ToStatus(
      db.Execute("INSERT INTO moderation_versions (process_id, version) VALUES (?, 1) ON CONFLICT "
                 "(process_id) DO UPDATE SET version = moderation_versions.version + 1",
                 std::span(&param, 1)));
}

}  // namespace plenary::consultation::store
