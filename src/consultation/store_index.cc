// What the in-memory search index (search_index.h) reads from the database.
#include <span>

#include <fmt/format.h>

#include "consultation/store.h"

namespace plenary::consultation::store {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kToIndex =
    "SELECT id, call_id, process_id, stakeholder_group, country_iso3, language, body "
    "FROM contributions WHERE id > ? ORDER BY id LIMIT ?";
// Answers and files of the contributions in (after, up to], in the order FindContribution
// gives them.
constexpr std::string_view kAnswersIn =
    "SELECT contribution_id, question, text FROM contribution_answers "
    "WHERE contribution_id > ? AND contribution_id <= ? ORDER BY contribution_id, question";
constexpr std::string_view kFileTextsIn =
    "SELECT contribution_id, text FROM contribution_files "
    "WHERE contribution_id > ? AND contribution_id <= ? ORDER BY contribution_id, id";
// IN, not <>: the (call_id, status) index then lists them at once.
constexpr std::string_view kUnpublished =
    "SELECT c.id FROM calls k JOIN contributions c ON c.call_id = k.id AND c.status IN ({}) "
    "WHERE k.process_id = ?";

// The contribution of `out` (in id order) with `id`, from `at` on; nullptr if none.
Contribution* Seek(std::vector<Contribution>& out, size_t& at, int64_t id) {
  while (at < out.size() && out[at].id < id) {
    ++at;
  }
  return at < out.size() && out[at].id == id ? &out[at] : nullptr;
}

}  // namespace

Result<std::vector<Contribution>> ContributionsToIndex(Connection& db, int64_t after_id,
                                                       int64_t limit) {
  std::vector<Contribution> out;
  Value params[] = {after_id, limit};
  ASSIGN_OR_RETURN(auto rows, db.Query(kToIndex, params));
  for (const Row& r : rows.rows) {
    Contribution c;
    c.id = r.Int(0);
    c.call_id = r.Int(1);
    c.process_id = r.Int(2);
    c.stakeholder_group = r.Text(3);
    c.country_iso3 = r.Text(4);
    c.language = r.Text(5);
    c.body = r.Text(6);
    out.push_back(std::move(c));
  }
  if (out.empty()) {
    return out;
  }
  Value range[] = {after_id, out.back().id};
  ASSIGN_OR_RETURN(auto answers, db.Query(kAnswersIn, range));
  size_t at = 0;
  for (const Row& r : answers.rows) {
    if (Contribution* c = Seek(out, at, r.Int(0))) {
      c->answers.push_back({static_cast<int>(r.Int(1)), r.Text(2)});
    }
  }
  ASSIGN_OR_RETURN(auto files, db.Query(kFileTextsIn, range));
  at = 0;
  for (const Row& r : files.rows) {
    if (Contribution* c = Seek(out, at, r.Int(0))) {
      Attachment file;
      file.text = r.Text(1);
      c->attachments.push_back(std::move(file));
    }
  }
  return out;
}

Result<std::vector<int64_t>> ContributionIdsAfter(Connection& db, int64_t after_id, int64_t limit) {
  Value params[] = {after_id, limit};
  ASSIGN_OR_RETURN(
      auto rows, db.Query("SELECT id FROM contributions WHERE id > ? ORDER BY id LIMIT ?", params));
  std::vector<int64_t> out;
  out.reserve(rows.rows.size());
  for (const Row& r : rows.rows) {
    out.push_back(r.Int(0));
  }
  return out;
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

}  // namespace plenary::consultation::store
