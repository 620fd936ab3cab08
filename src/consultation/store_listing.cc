// A call's published contributions, page by page, with their counts.
//
// SQLite keeps no index on contributions' stakeholder group, country or language (migration
// 0015: those three were a third of what each submission wrote to the log). A listing filtered
// by them walks the search index's facet tokens instead (search_entry.h: FTS5 lists a token's
// contributions in id order, so a page stops at its limit; the index is in the derived file,
// migrations/0018, joined across the files by the read), together with the contributions
// still waiting in the index backlog (index_backlog.h), whose terms are not written yet. The
// row's own columns are checked all the same, so both give exactly what the plain query gives.
// PostgreSQL keeps its indexes and the plain query.
#include <algorithm>
#include <span>

#include <fmt/format.h>

#include "consultation/store.h"
#include "consultation/store_rows.h"

namespace plenary::consultation::store {
namespace {

using storage::Row;
using storage::Value;

// A campaign is listed once, by its representative (the campaigns module's tables,
// migrations/0011_campaigns.sql; on SQLite in the derived file, joined across the files). Its other
// members give way to the representative while it is published (withheld as spam, say, it would
// take the whole campaign out of the list with it).
constexpr std::string_view kNotCampaignFollower =
    " AND NOT EXISTS (SELECT 1 FROM contribution_campaign k "
    "JOIN campaign_clusters g ON g.id = k.campaign_id "
    "JOIN contributions r ON r.id = g.representative_id AND r.status = 'published' "
    "WHERE k.contribution_id = c.id AND k.in_campaign = 1 AND k.is_representative = 0)";
constexpr std::string_view kNotPublished =
    "SELECT withheld_reason, COUNT(*) FROM contributions WHERE call_id = ? AND status <> "
    "'published' GROUP BY withheld_reason ORDER BY COUNT(*) DESC";
// FTS5 first: CROSS JOIN keeps that order (left to itself SQLite scans the call's rows and asks
// FTS5 about each one).
constexpr std::string_view kFromFacets =
    " FROM contribution_index f CROSS JOIN contributions c ON c.id = f.rowid ";
constexpr std::string_view kFromBacklog =
    " FROM contribution_index_backlog b CROSS JOIN contributions c ON c.id = b.contribution_id ";

// A backlog entry whose terms are written already (FTS5's %_docsize lists each document).
constexpr std::string_view kNotIndexed =
    " AND NOT EXISTS (SELECT 1 FROM contribution_index_docsize d WHERE d.id = b.contribution_id)";
// IN, not <>: the (call_id, status) index then lists them at once.
constexpr std::string_view kUnpublishedOfCall =
    "SELECT c.id FROM contributions c WHERE c.call_id = ? AND c.status IN ({})";

// The WHERE clause of a listing and its bound values.
std::string Where(const ListFilter& f, std::vector<Value>& params) {
  std::string sql = "WHERE c.call_id = ? AND c.status = 'published'";
  params.push_back(f.call_id);
  AppendFilters(f.question, f.stakeholder_group, f.country, f.region, f.development, f.language,
                sql, params);
  if (f.collapse_campaigns) {
    sql += kNotCampaignFollower;
  }
  return sql;
}

// Whether the listing goes through the facet tokens (see the top of the file).
bool ByFacets(Connection& db, const ListFilter& f) {
  return db.backend() == storage::Backend::kSqlite &&
         (!f.stakeholder_group.empty() || !f.country.empty() || !f.region.empty() ||
          !f.development.empty() || !f.language.empty());
}

// The FTS5 expression of the listing's filters ("" when its call does not exist).
Result<std::string> FacetMatch(Connection& db, const ListFilter& f) {
  ASSIGN_OR_RETURN(auto process, ProcessOfCall(db, f.call_id));
  if (!process) {
    return std::string();
  }
  SearchFilter search{.process_id = *process,
                      .call_id = f.call_id,
                      .question = f.question,
                      .stakeholder_group = f.stakeholder_group,
                      .country = f.country,
                      .region = f.region,
                      .development = f.development,
                      .language = f.language};
  ASSIGN_OR_RETURN(auto filters, FacetFilters(db, search));
  return "facets : (" + FacetExpression(filters) + ")";
}

Result<std::vector<Contribution>> Page(Connection& db, const std::string& sql,
                                       std::vector<Value>& params) {
  ASSIGN_OR_RETURN(auto rows, db.Query(sql, params));
  std::vector<Contribution> out;
  out.reserve(rows.rows.size());
  for (const Row& r : rows.rows) {
    out.push_back(ToContribution(r));
  }
  return out;
}

Result<std::vector<Contribution>> ListByFacets(Connection& db, const ListFilter& filter) {
  ASSIGN_OR_RETURN(std::string match, FacetMatch(db, filter));
  if (match.empty()) {
    return std::vector<Contribution>();
  }
  std::vector<Value> params;
  std::string sql = std::string(kContributionFields) + std::string(kFromFacets) +
                    Where(filter, params) +
                    " AND f.contribution_index MATCH ? AND f.rowid > ? ORDER BY f.rowid LIMIT ?";
  params.push_back(match);
  params.push_back(filter.after_id);
  params.push_back(filter.limit);
  ASSIGN_OR_RETURN(auto indexed, Page(db, sql, params));

  params.clear();
  sql = std::string(kContributionFields) + std::string(kFromBacklog) + Where(filter, params) +
        " AND b.contribution_id > ? ORDER BY b.contribution_id LIMIT ?";
  params.push_back(filter.after_id);
  params.push_back(filter.limit);
  ASSIGN_OR_RETURN(auto waiting, Page(db, sql, params));

  std::vector<Contribution> out;
  out.reserve(indexed.size() + waiting.size());
  auto by_id = [](const Contribution& a, const Contribution& b) { return a.id < b.id; };
  std::merge(std::make_move_iterator(indexed.begin()), std::make_move_iterator(indexed.end()),
             std::make_move_iterator(waiting.begin()), std::make_move_iterator(waiting.end()),
             std::back_inserter(out), by_id);
  // An id can be in both for a moment: a pass writes the terms, then takes the ids out of the
  // backlog (index_backlog.h). It is listed once.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Contribution& a, const Contribution& b) { return a.id == b.id; }),
            out.end());
  if (std::cmp_greater(out.size(), filter.limit)) {
    out.resize(static_cast<size_t>(filter.limit));
  }
  return out;
}

Result<int64_t> CountByFacets(Connection& db, const ListFilter& filter) {
  ASSIGN_OR_RETURN(std::string match, FacetMatch(db, filter));
  if (match.empty()) {
    return int64_t{0};
  }
  std::vector<Value> params;
  std::string sql;
  if (filter.collapse_campaigns) {
    // Campaign membership is not among the facets: each match's row decides.
    sql = "SELECT COUNT(*)" + std::string(kFromFacets) + Where(filter, params) +
          " AND f.contribution_index MATCH ?";
    params.push_back(match);
  } else {
    // The facets say all the filters say (a contribution's group, country, language and
    // answers never change), so only moderation needs the rows: the call's unpublished ones,
    // which its (call_id, status) index lists at once, are left out. Over a million, the
    // 401,324 of one stakeholder group count in 0.13 s, against 0.7 s with a row lookup each.
    static const std::string unpublished =
        fmt::format(fmt::runtime(kUnpublishedOfCall), UnpublishedStatuses());
    sql =
        "SELECT COUNT(*) FROM contribution_index WHERE contribution_index MATCH ? AND rowid "
        "NOT IN (" +
        unpublished + ")";
    params.push_back(match);
    params.push_back(filter.call_id);
  }
  ASSIGN_OR_RETURN(Row indexed, db.QueryOne(sql, params, "count"));
  // An id both indexed and still listed (a pass between its two steps) is counted with the
  // index. Exact because the read's snapshot of the main file is taken first (FacetMatch reads
  // it), the derived file's later: an id whose terms that snapshot lacks was still listed.
  params.clear();
  sql = "SELECT COUNT(*)" + std::string(kFromBacklog) + Where(filter, params) +
        std::string(kNotIndexed);
  ASSIGN_OR_RETURN(Row waiting, db.QueryOne(sql, params, "count"));
  return indexed.Int(0) + waiting.Int(0);
}

}  // namespace

Result<std::vector<Contribution>> ListPublished(Connection& db, const ListFilter& filter) {
  if (ByFacets(db, filter)) {
    return ListByFacets(db, filter);
  }
  std::vector<Value> params;
  std::string sql = std::string(kContributionFields) + " FROM contributions c " +
                    Where(filter, params) + " AND c.id > ? ORDER BY c.id LIMIT ?";
  params.push_back(filter.after_id);
  params.push_back(filter.limit);
  return Page(db, sql, params);
}

Result<int64_t> CountPublished(Connection& db, const ListFilter& filter) {
  if (ByFacets(db, filter)) {
    return CountByFacets(db, filter);
  }
  std::vector<Value> params;
  std::string sql = "SELECT COUNT(*) FROM contributions c " + Where(filter, params);
  ASSIGN_OR_RETURN(Row row, db.QueryOne(sql, params, "count"));
  return row.Int(0);
}

Result<std::vector<std::pair<std::string, int64_t>>> CountBy(Connection& db, int64_t call_id,
                                                             std::string_view column) {
  // `column` is one of three fixed names, checked here: never text from a request.
  if (column != "stakeholder_group" && column != "language" && column != "country_iso3") {
    return Error(Internal(fmt::format("cannot count by '{}'", column)));
  }
  std::string sql = fmt::format(
      "SELECT COALESCE({0}, ''), COUNT(*) FROM contributions WHERE call_id = ? AND status = "
      "'published' GROUP BY {0} ORDER BY COUNT(*) DESC",
      column);
  Value param = call_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(sql, std::span(&param, 1)));
  std::vector<std::pair<std::string, int64_t>> out;
  for (const Row& r : rows.rows) {
    out.emplace_back(r.Text(0), r.Int(1));
  }
  return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> CountNotPublished(Connection& db,
                                                                       int64_t call_id) {
  Value param = call_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(kNotPublished, std::span(&param, 1)));
  std::vector<std::pair<std::string, int64_t>> out;
  for (const Row& r : rows.rows) {
    out.emplace_back(r.Text(0), r.Int(1));
  }
  return out;
}

}  // namespace plenary::consultation::store
