#include "consultation/store.h"

#include <span>
#include <unordered_map>

#include <fmt/format.h>

#include "consultation/store_rows.h"
#include "core/text.h"
#include "storage/sql_text.h"

namespace plenary::consultation::store {
namespace {

using storage::Blob;
using storage::Row;
using storage::Value;

constexpr std::string_view kInsertCall =
    "INSERT INTO calls (process_id, title, description, opens_at, closes_at, languages, "
    "contributors, moderation, licence, record_note, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kInsertQuestion =
    "INSERT INTO call_questions (call_id, number, text) VALUES (?, ?, ?)";
constexpr std::string_view kCallColumns =
    "SELECT id, process_id, title, description, opens_at, closes_at, languages, contributors, "
    "moderation, licence, record_note, created_at FROM calls ";
constexpr std::string_view kQuestionsOf =
    "SELECT number, text FROM call_questions WHERE call_id = ? ORDER BY number";
constexpr std::string_view kProcessOfCall = "SELECT process_id FROM calls WHERE id = ?";
constexpr std::string_view kProcessOfContribution =
    "SELECT process_id FROM contributions WHERE id = ?";
constexpr std::string_view kByKey =
    "SELECT id, receipt FROM contributions WHERE call_id = ? AND idempotency_key = ?";
// The id is given (NextContributionIds): its receipt is made from it. No RETURNING: on SQLite
// it opens a statement journal, which copies every page the row changes.
constexpr std::string_view kInsertContribution =
    "INSERT INTO contributions (id, call_id, process_id, receipt, idempotency_key, user_id, "
    "author_name, publish_name, organisation, stakeholder_group, country_iso3, language, "
    "language_detected, body, status, withheld_reason, submitted_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?) ON CONFLICT (receipt) DO NOTHING";
// Inside the write transaction nothing else inserts on SQLite: the next id is the one SQLite
// would have chosen. PostgreSQL's writers run side by side: its sequence hands them out.
constexpr std::string_view kNextIdSqlite = "SELECT COALESCE(MAX(id), 0) + 1 FROM contributions";
constexpr std::string_view kNextIdsPostgres =
    "SELECT nextval(pg_get_serial_sequence('contributions', 'id')) FROM generate_series(1, ?)";
constexpr std::string_view kInsertAnswer =
    "INSERT INTO contribution_answers (contribution_id, question, text) VALUES (?, ?, ?)";
constexpr std::string_view kInsertFile =
    "INSERT INTO contribution_files (contribution_id, filename, media_type, bytes, sha256, "
    "pages, content, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kPseudonymiseAuthor =
    "UPDATE contributions SET author_name = ?, publish_name = 0 WHERE user_id = ?";
constexpr std::string_view kAnswersOf =
    "SELECT question, text FROM contribution_answers WHERE contribution_id = ? ORDER BY question";
constexpr std::string_view kFilesOf =
    "SELECT id, filename, media_type, bytes, sha256, pages, text FROM contribution_files "
    "WHERE contribution_id = ? ORDER BY id";
constexpr std::string_view kFile =
    "SELECT id, filename, media_type, bytes, sha256, pages, content FROM contribution_files "
    "WHERE contribution_id = ? AND id = ?";
constexpr std::string_view kSetStatus =
    "UPDATE contributions SET status = ?, withheld_reason = ?, moderated_by = ?, "
    "moderated_at = ? WHERE id = ?";
constexpr std::string_view kAnalyze = "ANALYZE contributions";
constexpr std::string_view kBadges =
    "SELECT contribution_id, campaign_id, campaign_members FROM contribution_campaign "
    "WHERE is_representative = 1 AND in_campaign = 1 AND contribution_id IN ";
constexpr std::string_view kTextColumns =
    "SELECT c.id, c.call_id, c.submitted_at, c.body FROM contributions c ";
constexpr std::string_view kAnswerTexts =
    "SELECT contribution_id, text FROM contribution_answers WHERE contribution_id IN ";
constexpr std::string_view kLastId = "SELECT COALESCE(MAX(id), 0) FROM contributions";

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    out += out.empty() ? "" : ",";
    out += s;
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view part : Split(text, ',')) {
    if (!part.empty()) {
      out.emplace_back(part);
    }
  }
  return out;
}

Call ToCall(const Row& r) {
  Call c;
  c.id = r.Int(0);
  c.process_id = r.Int(1);
  c.title = r.Text(2);
  c.description = r.Text(3);
  c.opens_at = r.Text(4);
  c.closes_at = r.Text(5);
  c.languages = SplitList(r.Text(6));
  for (const std::string& code : SplitList(r.Text(7))) {
    if (auto who = ParseContributor(code)) {
      c.contributors.push_back(*who);
    }
  }
  c.moderation = ParseModeration(r.Text(8)).value_or(Moderation::kNone);
  c.licence = r.Text(9);
  c.record_note = r.Text(10);
  c.created_at = r.Text(11);
  return c;
}

Status LoadQuestions(Connection& db, Call& call) {
  Value param = call.id;
  ASSIGN_OR_RETURN(auto rows, db.Query(kQuestionsOf, std::span(&param, 1)));
  for (const Row& r : rows.rows) {
    call.questions.push_back({static_cast<int>(r.Int(0)), r.Text(1)});
  }
  return Status::Ok();
}

Value TextOrNull(const std::string& text) {
  return text.empty() ? Value() : Value(text);
}

}  // namespace

Contribution ToContribution(const Row& r) {
  Contribution c;
  c.id = r.Int(0);
  c.call_id = r.Int(1);
  c.process_id = r.Int(2);
  c.receipt = r.Text(3);
  c.user_id = r.OptionalInt(4);
  c.author_name = r.Text(5);
  c.publish_name = r.Int(6) != 0;
  c.organisation = r.Text(7);
  c.stakeholder_group = r.Text(8);
  c.country_iso3 = r.Text(9);
  c.language = r.Text(10);
  c.language_detected = r.Int(11) != 0;
  c.body = r.Text(12);
  c.status = ParseContributionStatus(r.Text(13)).value_or(ContributionStatus::kPending);
  c.withheld_reason = r.Text(14);
  c.submitted_at = r.Text(15);
  return c;
}

void AppendFilters(std::optional<int> question, const std::string& group,
                   const std::string& country, const std::string& region,
                   const std::string& development, const std::string& language, std::string& sql,
                   std::vector<Value>& params) {
  if (question) {
    sql +=
        " AND EXISTS (SELECT 1 FROM contribution_answers a WHERE a.contribution_id = c.id "
        "AND a.question = ?)";
    params.push_back(int64_t{*question});
  }
  for (auto [column, value] :
       {std::pair{"stakeholder_group", &group}, std::pair{"country_iso3", &country},
        std::pair{"language", &language}}) {
    if (!value->empty()) {
      sql += fmt::format(" AND c.{} = ?", column);
      params.push_back(*value);
    }
  }
  if (!region.empty()) {
    sql += " AND c.country_iso3 IN (SELECT iso3 FROM countries WHERE region = ?)";
    params.push_back(region);
  }
  // The column names come from this fixed list, never from the request.
  if (development == "ldc" || development == "lldc" || development == "sids") {
    sql += fmt::format(" AND c.country_iso3 IN (SELECT iso3 FROM countries WHERE {} = 1)",
                       development);
  }
}

Result<int64_t> InsertCall(Connection& db, const Call& call, std::string_view now) {
  std::vector<std::string> contributors;
  for (Contributor c : call.contributors) {
    contributors.emplace_back(Code(c));
  }
  Value params[] = {
      call.process_id, call.title,           call.description,   call.opens_at,
      call.closes_at,  Join(call.languages), Join(contributors), std::string(Code(call.moderation)),
      call.licence,    call.record_note,     std::string(now)};
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kInsertCall, params, "new call"));
  int64_t id = row.Int(0);
  for (const Question& q : call.questions) {
    Value qp[] = {id, int64_t{q.number}, q.text};
    RETURN_IF_ERROR(detail::ToStatus(db.Execute(kInsertQuestion, qp)));
  }
  return id;
}

Result<std::optional<Call>> FindCall(Connection& db, int64_t id) {
  Value param = id;
  ASSIGN_OR_RETURN(auto rows,
                   db.Query(std::string(kCallColumns) + "WHERE id = ?", std::span(&param, 1)));
  if (rows.empty()) {
    return std::optional<Call>();
  }
  Call call = ToCall(rows.rows.front());
  RETURN_IF_ERROR(LoadQuestions(db, call));
  return std::optional<Call>(std::move(call));
}

Result<std::vector<Call>> CallsOf(Connection& db, int64_t process_id) {
  Value param = process_id;
  ASSIGN_OR_RETURN(
      auto rows, db.Query(std::string(kCallColumns) + "WHERE process_id = ? ORDER BY opens_at, id",
                          std::span(&param, 1)));
  std::vector<Call> out;
  for (const Row& r : rows.rows) {
    out.push_back(ToCall(r));
    RETURN_IF_ERROR(LoadQuestions(db, out.back()));
  }
  return out;
}

Result<std::optional<int64_t>> ProcessOfCall(Connection& db, int64_t call_id) {
  Value param = call_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(kProcessOfCall, std::span(&param, 1)));
  return rows.empty() ? std::optional<int64_t>() : std::optional<int64_t>(rows.rows[0].Int(0));
}

Result<std::optional<int64_t>> ProcessOfContribution(Connection& db, int64_t contribution_id) {
  Value param = contribution_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(kProcessOfContribution, std::span(&param, 1)));
  return rows.empty() ? std::optional<int64_t>() : std::optional<int64_t>(rows.rows[0].Int(0));
}

Result<std::optional<std::pair<int64_t, std::string>>> FindByIdempotencyKey(Connection& db,
                                                                            int64_t call_id,
                                                                            std::string_view key) {
  Value params[] = {call_id, std::string(key)};
  ASSIGN_OR_RETURN(auto rows, db.Query(kByKey, params));
  using Found = std::optional<std::pair<int64_t, std::string>>;
  if (rows.empty()) {
    return Found();
  }
  return Found(std::pair(rows.rows[0].Int(0), rows.rows[0].Text(1)));
}

Status RefreshStatistics(Connection& db) {
  if (db.backend() != storage::Backend::kPostgres) {
    return Status::Ok();
  }
  return db.ExecuteScript(kAnalyze);
}

std::vector<Value> ContributionRow(const Contribution& c, std::string_view idempotency_key) {
  Value user = c.user_id ? Value(*c.user_id) : Value();
  return {c.call_id,
          c.process_id,
          c.receipt,
          idempotency_key.empty() ? Value() : Value(std::string(idempotency_key)),
          user,
          c.author_name,
          int64_t{c.publish_name},
          c.organisation,
          c.stakeholder_group,
          TextOrNull(c.country_iso3),
          c.language,
          int64_t{c.language_detected},
          c.body,
          std::string(Code(c.status)),
          c.submitted_at};
}

Result<std::vector<int64_t>> NextContributionIds(Connection& db, int64_t count) {
  std::vector<int64_t> ids;
  ids.reserve(static_cast<size_t>(std::max<int64_t>(count, 0)));
  if (db.backend() == storage::Backend::kPostgres) {
    Value n = count;
    ASSIGN_OR_RETURN(auto rows, db.Query(kNextIdsPostgres, {&n, 1}));
    return rows.Ints();
  }
  ASSIGN_OR_RETURN(auto rows, db.Query(kNextIdSqlite));
  const int64_t next = rows.rows.empty() ? 1 : rows.rows.front().Int(0, 1);
  for (int64_t i = 0; i < count; ++i) {
    ids.push_back(next + i);
  }
  return ids;
}

Result<int64_t> InsertContribution(Connection& db, Contribution& c,
                                   std::string_view idempotency_key,
                                   const std::function<std::string(int64_t)>& new_receipt) {
  ASSIGN_OR_RETURN(std::vector<int64_t> next, NextContributionIds(db, 1));
  if (next.empty()) {
    return Error(Internal("no id for a new contribution"));
  }
  if (c.status != ContributionStatus::kPublished) {
    RETURN_IF_ERROR(MoveModerationVersion(db, c.process_id));
  }
  const int64_t id = next.front();
  std::vector<Value> params = {id};
  for (Value& v : ContributionRow(c, idempotency_key)) {
    params.push_back(std::move(v));
  }
  constexpr size_t kReceipt = 3;  // id, call_id, process_id, receipt
  constexpr int kAttempts = 8;
  bool inserted = false;
  for (int attempt = 0; attempt < kAttempts && !inserted; ++attempt) {
    c.receipt = new_receipt(id);
    params[kReceipt] = c.receipt;
    ASSIGN_OR_RETURN(int64_t changed, db.Execute(kInsertContribution, params));
    inserted = changed > 0;
  }
  if (!inserted) {
    return Error(Internal(fmt::format("no free receipt after {} attempts", kAttempts)));
  }
  for (const Answer& a : c.answers) {
    Value ap[] = {id, int64_t{a.question}, a.text};
    RETURN_IF_ERROR(detail::ToStatus(db.Execute(kInsertAnswer, ap)));
  }
  for (const Attachment& f : c.attachments) {
    Value fp[] = {id,       f.filename,       f.media_type,    f.bytes,
                  f.sha256, int64_t{f.pages}, Blob{f.content}, f.text};
    RETURN_IF_ERROR(detail::ToStatus(db.Execute(kInsertFile, fp)));
  }
  return id;
}

Result<std::vector<Contribution>> ContributionsOf(Connection& db, int64_t user_id) {
  Value param = user_id;
  ASSIGN_OR_RETURN(auto rows,
                   db.Query(std::string(kContributionFields) +
                                " FROM contributions c WHERE c.user_id = ? ORDER BY c.id",
                            std::span(&param, 1)));
  std::vector<Contribution> out;
  for (const Row& row : rows.rows) {
    ASSIGN_OR_RETURN(auto full, FindContribution(db, row.Int(0)));
    if (full) {
      out.push_back(std::move(*full));
    }
  }
  return out;
}

Result<int64_t> PseudonymiseAuthor(Connection& db, int64_t user_id, std::string_view pseudonym) {
  Value params[] = {std::string(pseudonym), user_id};
  return db.Execute(kPseudonymiseAuthor, params);
}

Result<std::optional<Contribution>> FindContribution(Connection& db, int64_t id) {
  Value param = id;
  ASSIGN_OR_RETURN(
      auto rows, db.Query(std::string(kContributionFields) + " FROM contributions c WHERE c.id = ?",
                          std::span(&param, 1)));
  if (rows.empty()) {
    return std::optional<Contribution>();
  }
  Contribution c = ToContribution(rows.rows.front());
  ASSIGN_OR_RETURN(auto answers, db.Query(kAnswersOf, std::span(&param, 1)));
  for (const Row& r : answers.rows) {
    c.answers.push_back({static_cast<int>(r.Int(0)), r.Text(1)});
  }
  ASSIGN_OR_RETURN(auto files, db.Query(kFilesOf, std::span(&param, 1)));
  for (const Row& r : files.rows) {
    c.attachments.push_back({r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4),
                             static_cast<int>(r.Int(5)), r.Text(6), ""});
  }
  return std::optional<Contribution>(std::move(c));
}

Result<std::optional<Attachment>> FindFile(Connection& db, int64_t contribution_id,
                                           int64_t file_id) {
  Value params[] = {contribution_id, file_id};
  ASSIGN_OR_RETURN(auto rows, db.Query(kFile, params));
  if (rows.empty()) {
    return std::optional<Attachment>();
  }
  const Row& r = rows.rows.front();
  Attachment a{r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4), static_cast<int>(r.Int(5)),
               "",       ""};
  if (const auto* blob = std::get_if<Blob>(&r.at(6))) {
    a.content = blob->bytes;
  } else {
    a.content = r.Text(6);
  }
  return std::optional<Attachment>(std::move(a));
}

Status SetStatus(Connection& db, int64_t id, ContributionStatus status, std::string_view reason,
                 int64_t moderator, std::string_view now) {
  Value params[] = {std::string(Code(status)), std::string(reason), moderator, std::string(now),
                    id};
  return detail::ToStatus(db.Execute(kSetStatus, params));
}

namespace {

// Adds each contribution's answers to its text, in question order.
Status AppendAnswers(Connection& db, std::vector<ContributionText>& texts) {
  if (texts.empty()) {
    return Status::Ok();
  }
  std::vector<Value> params;
  for (const ContributionText& t : texts) {
    params.emplace_back(t.id);
  }
  ASSIGN_OR_RETURN(auto rows,
                   db.Query(std::string(kAnswerTexts) + storage::Placeholders(params.size()) +
                                " ORDER BY contribution_id, question",
                            params));
  size_t at = 0;
  for (const Row& r : rows.rows) {
    while (at < texts.size() && texts[at].id < r.Int(0)) {
      ++at;
    }
    if (at < texts.size() && texts[at].id == r.Int(0)) {
      texts[at].text += texts[at].text.empty() ? "" : "\n\n";
      texts[at].text += r.Text(1);
    }
  }
  return Status::Ok();
}

Result<std::vector<ContributionText>> ToTexts(Connection& db, const storage::Rows& rows) {
  std::vector<ContributionText> out;
  out.reserve(rows.rows.size());
  for (const Row& r : rows.rows) {
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3)});
  }
  RETURN_IF_ERROR(AppendAnswers(db, out));
  return out;
}

}  // namespace

Result<std::vector<CampaignBadge>> CampaignBadges(Connection& db, std::span<const int64_t> ids) {
  std::vector<CampaignBadge> out;
  if (ids.empty()) {
    return out;
  }
  std::vector<Value> params(ids.begin(), ids.end());
  ASSIGN_OR_RETURN(auto rows,
                   db.Query(std::string(kBadges) + storage::Placeholders(ids.size()), params));
  for (const Row& r : rows.rows) {
    out.push_back({r.Int(0), r.Int(1), r.Int(2)});
  }
  return out;
}

Result<std::vector<ContributionText>> ContributionTexts(Connection& db, const TextRange& range) {
  std::string sql = std::string(kTextColumns) + "WHERE c.id > ?";
  std::vector<Value> params = {range.after_id};
  if (range.call_id) {
    sql += " AND c.call_id = ?";
    params.emplace_back(*range.call_id);
  }
  if (range.up_to_id) {
    sql += " AND c.id <= ?";
    params.emplace_back(*range.up_to_id);
  }
  sql += " ORDER BY c.id LIMIT ?";
  params.emplace_back(range.limit);
  ASSIGN_OR_RETURN(auto rows, db.Query(sql, params));
  return ToTexts(db, rows);
}

Result<std::vector<ContributionText>> ContributionTextsById(Connection& db,
                                                            std::span<const int64_t> ids) {
  std::vector<ContributionText> out;
  if (ids.empty()) {
    return out;
  }
  std::vector<Value> params(ids.begin(), ids.end());
  ASSIGN_OR_RETURN(auto rows, db.Query(std::string(kTextColumns) + "WHERE c.id IN " +
                                           storage::Placeholders(ids.size()) + " ORDER BY c.id",
                                       params));
  return ToTexts(db, rows);
}

Result<int64_t> LastContributionId(Connection& db) {
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kLastId, {}, "last contribution"));
  return row.Int(0);
}

namespace {

constexpr std::string_view kIndexSqlite =
    "INSERT INTO contribution_index (rowid, terms, facets) VALUES (?, ?, ?)";
constexpr std::string_view kIndexPostgres =
    "INSERT INTO contribution_terms (contribution_id, terms) VALUES (?, to_tsvector('simple', ?))";
// The filters are in the MATCH (facets, the process's always), so FTS5 narrows the rows before
// ranking them; bm25 weighs the terms only. What is not published now (moderation changes it) is
// left out by its ids, which the (call_id, status) index lists at once: a join to contributions
// for every match would cost a lookup per match, more than the ranking.
// The statuses other than published, from the enum, so that a new one is left out too.
constexpr std::string_view kSearchSqlite =
    "SELECT rowid, -bm25(contribution_index, 1.0, 0.0) FROM contribution_index "
    "WHERE contribution_index MATCH ? AND rowid NOT IN (SELECT c.id FROM calls k "
    "JOIN contributions c ON c.call_id = k.id AND c.status IN ({}) WHERE k.process_id = ?)";

std::string SearchSqlite() {
  return fmt::format(fmt::runtime(kSearchSqlite), UnpublishedStatuses());
}
constexpr std::string_view kSearchPostgres =
    "SELECT c.id, ts_rank_cd(t.terms, q) FROM contribution_terms t "
    "JOIN contributions c ON c.id = t.contribution_id, to_tsquery('simple', ?) q "
    "WHERE t.terms @@ q AND c.process_id = ? AND c.status = 'published'";

// (a OR b) AND (c) for FTS5; (a | b) & (c) for tsquery.
std::string MatchExpression(const std::vector<std::vector<std::string>>& query, bool postgres) {
  std::string out;
  for (const auto& alternatives : query) {
    out += out.empty() ? "(" : (postgres ? " & (" : " AND (");
    for (size_t i = 0; i < alternatives.size(); ++i) {
      out += i == 0 ? "" : (postgres ? " | " : " OR ");
      out += Quote(alternatives[i], postgres ? '\'' : '"');
    }
    out += ")";
  }
  return out;
}

}  // namespace

std::string UnpublishedStatuses() {
  std::string out;
  for (ContributionStatus s : kAllContributionStatuses) {
    if (s != ContributionStatus::kPublished) {
      out += fmt::format("{}'{}'", out.empty() ? "" : ", ", Code(s));
    }
  }
  return out;
}

std::string Quote(std::string_view term, char quote) {
  std::string out(1, quote);
  for (char ch : term) {
    out += ch;
    if (ch == quote) {
      out += quote;
    }
  }
  return out + quote;
}

std::string FacetExpression(const std::vector<std::vector<std::string>>& filters) {
  std::string out;
  for (const auto& tokens : filters) {
    std::string any;
    for (const std::string& token : tokens) {
      any += (any.empty() ? "" : " OR ") + Quote(token, '"');
    }
    out += (out.empty() ? "" : " AND ") + (tokens.size() == 1 ? any : "(" + any + ")");
  }
  return out;
}

Result<std::vector<std::vector<std::string>>> FacetFilters(Connection& db, const SearchFilter& f) {
  std::vector<std::vector<std::string>> out = {
      {FacetToken("process", std::to_string(f.process_id))}};
  if (f.call_id) {
    out.push_back({FacetToken("call", std::to_string(*f.call_id))});
  }
  if (f.question) {
    out.push_back({FacetToken("question", std::to_string(*f.question))});
  }
  for (auto [field, value] :
       {std::pair{"group", &f.stakeholder_group}, std::pair{"country", &f.country},
        std::pair{"language", &f.language}}) {
    if (!value->empty()) {
      out.push_back({FacetToken(field, *value)});
    }
  }
  std::string conditions;
  std::vector<Value> params;
  if (!f.region.empty()) {
    conditions = " AND region = ?";
    params.push_back(f.region);
  }
  // The column names come from this fixed list, never from the request.
  if (f.development == "ldc" || f.development == "lldc" || f.development == "sids") {
    conditions += fmt::format(" AND {} = 1", f.development);
  }
  if (!conditions.empty()) {
    ASSIGN_OR_RETURN(auto rows,
                     db.Query("SELECT iso3 FROM countries WHERE 1 = 1" + conditions, params));
    std::vector<std::string> any;
    for (const Row& row : rows.rows) {
      any.push_back(FacetToken("country", row.Text(0)));
    }
    // No country qualifies: a token no row has, so nothing matches.
    out.push_back(any.empty() ? std::vector<std::string>{"countrynone"} : any);
  }
  return out;
}

Status IndexContribution(Connection& db, int64_t id, const SearchEntry& entry) {
  if (db.backend() == storage::Backend::kPostgres) {
    Value params[] = {id, entry.terms};
    return detail::ToStatus(db.Execute(kIndexPostgres, params));
  }
  Value params[] = {id, entry.terms, entry.facets};
  return detail::ToStatus(db.Execute(kIndexSqlite, params));
}

Result<std::vector<Hit>> Search(Connection& db, const std::vector<std::vector<std::string>>& query,
                                const SearchFilter& f) {
  std::vector<Hit> out;
  if (query.empty()) {
    return out;
  }
  bool postgres = db.backend() == storage::Backend::kPostgres;
  std::vector<Value> params;
  std::string sql;
  if (postgres) {
    params = {MatchExpression(query, postgres), f.process_id};
    sql = kSearchPostgres;
    if (f.call_id) {
      sql += " AND c.call_id = ?";
      params.push_back(*f.call_id);
    }
    AppendFilters(f.question, f.stakeholder_group, f.country, f.region, f.development, f.language,
                  sql, params);
  } else {
    ASSIGN_OR_RETURN(auto filters, FacetFilters(db, f));
    std::string facets = FacetExpression(filters);
    params = {"terms : (" + MatchExpression(query, postgres) + ") AND facets : (" + facets + ")",
              f.process_id};
    static const std::string search_sqlite = SearchSqlite();
    sql = search_sqlite;
  }
  sql += postgres ? " ORDER BY 2 DESC, c.id LIMIT ? OFFSET ?"
                  : " ORDER BY 2 DESC, rowid LIMIT ? OFFSET ?";
  params.push_back(f.limit);
  params.push_back(f.offset);
  ASSIGN_OR_RETURN(auto rows, db.Query(sql, params));
  for (const Row& r : rows.rows) {
    out.push_back({r.Int(0), r.Real(1)});
  }
  return out;
}

Result<std::vector<Contribution>> FindContributions(Connection& db, std::span<const int64_t> ids) {
  std::vector<Contribution> out;
  if (ids.empty()) {
    return out;
  }
  std::vector<Value> params(ids.begin(), ids.end());
  std::string in = storage::Placeholders(ids.size());
  ASSIGN_OR_RETURN(auto rows, db.Query(std::string(kContributionFields) +
                                           " FROM contributions c WHERE c.id IN " + in,
                                       params));
  std::unordered_map<int64_t, Contribution> found;
  for (const Row& r : rows.rows) {
    Contribution c = ToContribution(r);
    found.emplace(c.id, std::move(c));
  }
  ASSIGN_OR_RETURN(auto answers,
                   db.Query("SELECT contribution_id, question, text FROM contribution_answers "
                            "WHERE contribution_id IN " +
                                in + " ORDER BY contribution_id, question",
                            params));
  for (const Row& r : answers.rows) {
    found[r.Int(0)].answers.push_back({static_cast<int>(r.Int(1)), r.Text(2)});
  }
  ASSIGN_OR_RETURN(auto files, db.Query("SELECT contribution_id, id, filename, media_type, bytes, "
                                        "sha256, pages, text FROM contribution_files WHERE "
                                        "contribution_id IN " +
                                            in + " ORDER BY contribution_id, id",
                                        params));
  for (const Row& r : files.rows) {
    found[r.Int(0)].attachments.push_back({r.Int(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5),
                                           static_cast<int>(r.Int(6)), r.Text(7), ""});
  }
  for (int64_t id : ids) {
    if (auto it = found.find(id); it != found.end() && it->second.id == id) {
      out.push_back(std::move(it->second));
    }
  }
  return out;
}

}  // namespace plenary::consultation::store
