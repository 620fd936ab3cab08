// Bulk import's statements (store.h): on PostgreSQL, rows in multi-row statements, so that an
// import pays a round trip per few hundred contributions instead of three or four each (1,230 ->
// 2,160 contributions/s over 100,000, durable, on a loaded machine). SQLite keeps cached one-row
// statements (no round trips to save), but without RETURNING: a statement with RETURNING opens
// a statement journal, which copied every page the row touched into a temporary file (over 80%
// of the bytes an import wrote, 35 KB a contribution). The ids are given instead: inside the
// write transaction nothing else inserts, and MAX(id) + 1 is the id SQLite would have chosen.
#include <set>

#include <fmt/format.h>

#include "consultation/store.h"

namespace plenary::consultation::store {
namespace {

using storage::Blob;
using storage::Row;

// Rows a statement; 15 values each stays far below both engines' bound-parameter limits.
constexpr size_t kChunk = 256;

constexpr std::string_view kTakenKeys =
    "SELECT idempotency_key FROM contributions WHERE call_id = ? AND idempotency_key IN ";
constexpr std::string_view kInsertRows =
    "INSERT INTO contributions (id, call_id, process_id, receipt, idempotency_key, user_id, "
    "author_name, publish_name, organisation, stakeholder_group, country_iso3, language, "
    "language_detected, body, status, withheld_reason, submitted_at) VALUES ";
constexpr std::string_view kRowPlaceholders =
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?)";
constexpr std::string_view kReturning = " ON CONFLICT (receipt) DO NOTHING RETURNING id";
constexpr std::string_view kInsertRowSqlite =
    "INSERT INTO contributions (id, call_id, process_id, receipt, idempotency_key, user_id, "
    "author_name, publish_name, organisation, stakeholder_group, country_iso3, language, "
    "language_detected, body, status, withheld_reason, submitted_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?) ON CONFLICT (receipt) DO NOTHING";
constexpr std::string_view kInsertAnswer =
    "INSERT INTO contribution_answers (contribution_id, question, text) VALUES (?, ?, ?)";
// As InsertContribution: a receipt is drawn again at most this many times.
constexpr int kReceiptAttempts = 8;
constexpr std::string_view kInsertAnswers =
    "INSERT INTO contribution_answers (contribution_id, question, text) VALUES ";
constexpr std::string_view kInsertFile =
    "INSERT INTO contribution_files (contribution_id, filename, media_type, bytes, sha256, "
    "pages, content, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kIndexSqlite =
    "INSERT INTO contribution_index (rowid, terms, facets) VALUES ";
constexpr std::string_view kIndexPostgres =
    "INSERT INTO contribution_terms (contribution_id, terms) VALUES ";

// "(?, ?), (?, ?)" for `rows` rows of `row`.
std::string Repeat(std::string_view row, size_t rows) {
  std::string out;
  for (size_t i = 0; i < rows; ++i) {
    out += i == 0 ? "" : ", ";
    out += row;
  }
  return out;
}

Status InsertFiles(Connection& db, int64_t id, const Contribution& c) {
  for (const Attachment& f : c.attachments) {
    Value fp[] = {id,       f.filename,       f.media_type,    f.bytes,
                  f.sha256, int64_t{f.pages}, Blob{f.content}, f.text};
    RETURN_IF_ERROR(detail::ToStatus(db.Execute(kInsertFile, fp)));
  }
  return Status::Ok();
}

// SQLite: one cached statement a row, with the id given (see the top of the file).
Result<std::vector<int64_t>> InsertContributionsSqlite(
    Connection& db, std::span<const NewRow> rows,
    const std::function<std::string(int64_t)>& new_receipt) {
  ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                   NextContributionIds(db, static_cast<int64_t>(rows.size())));
  std::vector<Value> params;
  for (size_t i = 0; i < rows.size(); ++i) {
    Contribution& c = *rows[i].contribution;
    params.clear();
    params.emplace_back(ids[i]);
    for (Value& v : ContributionRow(c, rows[i].key)) {
      params.push_back(std::move(v));
    }
    constexpr size_t kReceipt = 3;  // id, call_id, process_id, receipt
    bool inserted = false;
    for (int attempt = 0; attempt < kReceiptAttempts && !inserted; ++attempt) {
      c.receipt = new_receipt(ids[i]);
      params[kReceipt] = c.receipt;
      ASSIGN_OR_RETURN(int64_t changed, db.Execute(kInsertRowSqlite, params));
      inserted = changed > 0;
    }
    if (!inserted) {
      return Error(Internal(fmt::format("no free receipt after {} attempts", kReceiptAttempts)));
    }
    for (const Answer& a : c.answers) {
      Value ap[] = {ids[i], int64_t{a.question}, a.text};
      RETURN_IF_ERROR(detail::ToStatus(db.Execute(kInsertAnswer, ap)));
    }
    RETURN_IF_ERROR(InsertFiles(db, ids[i], c));
  }
  return ids;
}

Status InsertAnswers(Connection& db, std::span<const std::pair<int64_t, const Answer*>> answers) {
  for (size_t start = 0; start < answers.size(); start += kChunk) {
    const size_t n = std::min(kChunk, answers.size() - start);
    std::vector<Value> params;
    params.reserve(n * 3);
    for (size_t i = start; i < start + n; ++i) {
      params.emplace_back(answers[i].first);
      params.emplace_back(int64_t{answers[i].second->question});
      params.emplace_back(answers[i].second->text);
    }
    RETURN_IF_ERROR(
        detail::ToStatus(db.Execute(std::string(kInsertAnswers) + Repeat("(?, ?, ?)", n), params)));
  }
  return Status::Ok();
}

}  // namespace

Result<std::set<std::string>> TakenKeys(Connection& db, int64_t call_id,
                                        std::span<const std::string> keys) {
  std::set<std::string> taken;
  for (size_t start = 0; start < keys.size(); start += kChunk) {
    const size_t n = std::min(kChunk, keys.size() - start);
    std::vector<Value> params = {call_id};
    for (size_t i = start; i < start + n; ++i) {
      params.emplace_back(keys[i]);
    }
    ASSIGN_OR_RETURN(auto rows,
                     db.Query(std::string(kTakenKeys) + "(" + Repeat("?", n) + ")", params));
    for (const Row& row : rows.rows) {
      taken.insert(row.Text(0));
    }
  }
  return taken;
}

Result<std::vector<int64_t>> InsertContributions(
    Connection& db, std::span<const NewRow> rows,
    const std::function<std::string(int64_t)>& new_receipt) {
  std::set<int64_t> unpublished_in;  // processes: their unpublished set changes (ModerationVersion)
  for (const NewRow& row : rows) {
    if (row.contribution->status != ContributionStatus::kPublished) {
      unpublished_in.insert(row.contribution->process_id);
    }
  }
  for (int64_t process : unpublished_in) {
    RETURN_IF_ERROR(MoveModerationVersion(db, process));
  }
  if (db.backend() == storage::Backend::kSqlite) {
    return InsertContributionsSqlite(db, rows, new_receipt);
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                   NextContributionIds(db, static_cast<int64_t>(rows.size())));
  if (ids.size() != rows.size()) {
    return Error(Internal("fewer ids than new contributions"));
  }
  for (size_t start = 0; start < rows.size(); start += kChunk) {
    const size_t n = std::min(kChunk, rows.size() - start);
    std::vector<Value> params;
    params.reserve(n * 16);
    for (size_t i = start; i < start + n; ++i) {
      rows[i].contribution->receipt = new_receipt(ids[i]);
      params.emplace_back(ids[i]);
      for (Value& v : ContributionRow(*rows[i].contribution, rows[i].key)) {
        params.push_back(std::move(v));
      }
    }
    ASSIGN_OR_RETURN(
        auto inserted,
        db.Query(std::string(kInsertRows) + Repeat(kRowPlaceholders, n) + std::string(kReturning),
                 params));
    std::set<int64_t> landed;
    for (const Row& row : inserted.rows) {
      landed.insert(row.Int(0));
    }
    for (size_t i = start; i < start + n; ++i) {
      if (!landed.contains(ids[i])) {
        ids[i] = 0;
      }
    }
  }
  // Rows whose receipt was taken go in one by one, with a fresh id and receipt.
  std::vector<std::pair<int64_t, const Answer*>> answers;
  for (size_t i = 0; i < rows.size(); ++i) {
    Contribution& c = *rows[i].contribution;
    if (ids[i] == 0) {
      ASSIGN_OR_RETURN(ids[i], InsertContribution(db, c, rows[i].key, new_receipt));
      continue;  // its answers and files are in
    }
    for (const Answer& a : c.answers) {
      answers.emplace_back(ids[i], &a);
    }
    RETURN_IF_ERROR(InsertFiles(db, ids[i], c));
  }
  RETURN_IF_ERROR(InsertAnswers(db, answers));
  return ids;
}

Status IndexContributions(Connection& db,
                          std::span<const std::pair<int64_t, const SearchEntry*>> entries) {
  const bool postgres = db.backend() == storage::Backend::kPostgres;
  if (!postgres) {
    for (const auto& [id, entry] : entries) {
      RETURN_IF_ERROR(IndexContribution(db, id, *entry));
    }
    return Status::Ok();
  }
  for (size_t start = 0; start < entries.size(); start += kChunk) {
    const size_t n = std::min(kChunk, entries.size() - start);
    std::vector<Value> params;
    params.reserve(n * 3);
    for (size_t i = start; i < start + n; ++i) {
      params.emplace_back(entries[i].first);
      params.emplace_back(entries[i].second->terms);
      if (!postgres) {
        params.emplace_back(entries[i].second->facets);
      }
    }
    std::string sql = postgres
                          ? std::string(kIndexPostgres) + Repeat("(?, to_tsvector('simple', ?))", n)
                          : std::string(kIndexSqlite) + Repeat("(?, ?, ?)", n);
    RETURN_IF_ERROR(detail::ToStatus(db.Execute(sql, params)));
  }
  return Status::Ok();
}

}  // namespace plenary::consultation::store
