#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "consultation/model.h"
#include "consultation/search_entry.h"
#include "storage/database.h"

// The consultation module's only SQL.
namespace plenary::consultation::store {

using storage::Connection;
using storage::Value;

Result<int64_t> InsertCall(Connection& db, const Call& call, std::string_view now);
Result<std::optional<Call>> FindCall(Connection& db, int64_t id);
Result<std::vector<Call>> CallsOf(Connection& db, int64_t process_id);
Result<std::optional<int64_t>> ProcessOfCall(Connection& db, int64_t call_id);
Result<std::optional<int64_t>> ProcessOfContribution(Connection& db, int64_t contribution_id);

// The contribution already received with this key, if any: (id, receipt).
Result<std::optional<std::pair<int64_t, std::string>>> FindByIdempotencyKey(Connection& db,
                                                                            int64_t call_id,
                                                                            std::string_view key);
// Refreshes the query planner's statistics on contributions (PostgreSQL's ANALYZE; nothing on
// SQLite). A bulk import calls it after its first batch: PostgreSQL plans made while the table
// had no statistics look keys up through an index on call_id alone, scanning the whole call.
Status RefreshStatistics(Connection& db);
// Inserts the contribution, its answers and its files; returns the id. kConflict when the
// idempotency key is taken. The id is chosen here (SQLite: the next after the largest, as SQLite
// would; PostgreSQL: the table's sequence) and `c.receipt` set to `new_receipt(id)`; should it
// be taken already (by a receipt of another form), it is drawn again (up to 8 times).
// The bound values of a contribution's row (call_id, process_id, receipt, idempotency_key,
// user_id, author_name, publish_name, organisation, stakeholder_group, country_iso3, language,
// language_detected, body, status, submitted_at), for store_bulk.cc.
std::vector<Value> ContributionRow(const Contribution& c, std::string_view idempotency_key);
// Ids for `count` new contributions, in increasing order (see InsertContribution).
Result<std::vector<int64_t>> NextContributionIds(Connection& db, int64_t count);
Result<int64_t> InsertContribution(Connection& db, Contribution& c,
                                   std::string_view idempotency_key,
                                   const std::function<std::string(int64_t)>& new_receipt);
Result<std::optional<Contribution>> FindContribution(Connection& db, int64_t id);
// Those of `ids` that exist, in the order of `ids` (three queries in all).
Result<std::vector<Contribution>> FindContributions(Connection& db, std::span<const int64_t> ids);
// Privacy: the contributions an account submitted (without files' bytes), and the erasure of
// its name on them (replaced by `pseudonym`, no longer published). Returns how many.
Result<std::vector<Contribution>> ContributionsOf(Connection& db, int64_t user_id);
Result<int64_t> PseudonymiseAuthor(Connection& db, int64_t user_id, std::string_view pseudonym);
// One file with its original bytes.
Result<std::optional<Attachment>> FindFile(Connection& db, int64_t contribution_id,
                                           int64_t file_id);
Status SetStatus(Connection& db, int64_t id, ContributionStatus status, std::string_view reason,
                 int64_t moderator, std::string_view now);

struct ListFilter {
  int64_t call_id = 0;
  std::optional<int> question;
  std::string stakeholder_group;
  std::string country;      // ISO alpha-3
  std::string region;       // UN M49 region name
  std::string development;  // "ldc", "lldc" or "sids"
  std::string language;
  int64_t after_id = 0;
  int64_t limit = 50;
  // Leaves out the members of a mass campaign other than its representative (the campaigns
  // module keeps the table contribution_campaign; see migrations/0011_campaigns.sql; on SQLite
  // in the derived file, which reads see: only a Read may list with it).
  bool collapse_campaigns = false;
};
// Published contributions matching the filter, by id (answers and files not loaded).
Result<std::vector<Contribution>> ListPublished(Connection& db, const ListFilter& filter);
Result<int64_t> CountPublished(Connection& db, const ListFilter& filter);
// Counts of published contributions by a column (stakeholder_group, language, country_iso3).
Result<std::vector<std::pair<std::string, int64_t>>> CountBy(Connection& db, int64_t call_id,
                                                             std::string_view column);
// Withheld contributions by reason, and pending ones (reason "").
Result<std::vector<std::pair<std::string, int64_t>>> CountNotPublished(Connection& db,
                                                                       int64_t call_id);

// The campaign each of `ids` represents, if any: (contribution, campaign, members).
struct CampaignBadge {
  int64_t contribution_id = 0;
  int64_t campaign_id = 0;
  int64_t members = 0;
};
Result<std::vector<CampaignBadge>> CampaignBadges(Connection& db, std::span<const int64_t> ids);

// What near-duplicate detection reads of a contribution (any status): its body and answers.
struct ContributionText {
  int64_t id = 0;
  int64_t call_id = 0;
  std::string submitted_at;
  std::string text;  // the body, then each answer, separated by blank lines
};
struct TextRange {
  std::optional<int64_t> call_id;  // any call when absent
  int64_t after_id = 0;
  std::optional<int64_t> up_to_id;
  int64_t limit = 2000;
};
// In id order.
Result<std::vector<ContributionText>> ContributionTexts(Connection& db, const TextRange& range);
Result<std::vector<ContributionText>> ContributionTextsById(Connection& db,
                                                            std::span<const int64_t> ids);
// The largest contribution id (0 when there is none).
Result<int64_t> LastContributionId(Connection& db);

// Search. `terms` is the analysed text (text::TermString); a query is a list of alternatives
// per word (a stem and the exact form), every word required.
Status IndexContribution(Connection& db, int64_t id, const SearchEntry& entry);

// Bulk import (store_bulk.cc): a few statements for many rows, where one a row costs a round
// trip each on PostgreSQL.
// The idempotency keys among `keys` the call has already taken.
Result<std::set<std::string>> TakenKeys(Connection& db, int64_t call_id,
                                        std::span<const std::string> keys);
// Inserts `rows` (a contribution and its idempotency key each) with their answers and files;
// returns their ids in order. Ids and receipts are given as InsertContribution gives them.
struct NewRow {
  Contribution* contribution = nullptr;
  std::string_view key;
};
Result<std::vector<int64_t>> InsertContributions(
    Connection& db, std::span<const NewRow> rows,
    const std::function<std::string(int64_t)>& new_receipt);
Status IndexContributions(Connection& db,
                          std::span<const std::pair<int64_t, const SearchEntry*>> entries);
struct SearchFilter {
  int64_t process_id = 0;
  std::optional<int64_t> call_id;
  std::optional<int> question;
  std::string stakeholder_group;
  std::string country;
  std::string region;
  std::string development;
  std::string language;
  int64_t offset = 0;
  int64_t limit = 20;
};
struct Hit {
  int64_t id = 0;
  double score = 0;  // higher is better
};
Result<std::vector<Hit>> Search(Connection& db, const std::vector<std::vector<std::string>>& query,
                                const SearchFilter& filter);
// The filters as groups of facet tokens (search_entry.h), every group required, any token of a
// group enough: the process's always, then the call, question, stakeholder group, country and
// language given, and a region or a development status as the list of its countries.
Result<std::vector<std::vector<std::string>>> FacetFilters(Connection& db, const SearchFilter& f);

// For the in-memory search index (search_index.h, store_index.cc): the ids after `after_id`,
// in order, at most `limit`; which of `ids` are there; those contributions (in the order of
// `ids`, the missing left out) with what IndexEntry reads (ids, filter fields, language, body,
// answers, the attachments' text); the ids of a process's contributions not published.
Result<std::vector<int64_t>> ContributionIdsAfter(Connection& db, int64_t after_id, int64_t limit);
Result<std::vector<int64_t>> ExistingContributions(Connection& db, std::span<const int64_t> ids);
Result<std::vector<Contribution>> ContributionsToIndex(Connection& db,
                                                       std::span<const int64_t> ids);
Result<std::unordered_set<int64_t>> UnpublishedIds(Connection& db, int64_t process_id);
// The version of that set: it moves whenever the set may have changed (migration 0019); 0
// before any change. A status changed moves it by a trigger; a contribution written unpublished,
// by InsertContribution(s), through MoveModerationVersion.
Result<int64_t> ModerationVersion(Connection& db, int64_t process_id);
Status MoveModerationVersion(Connection& db, int64_t process_id);
// The search terms still to be written (index_backlog.h): adds `id`; lists up to `limit`, in
// order; removes `ids`.
Status AddToIndexBacklog(Connection& db, int64_t id);
Status AddToIndexBacklog(Connection& db, std::span<const int64_t> ids);
// The first `limit` ids the backlog lists, none past `up_to_id`.
Result<std::vector<int64_t>> IndexBacklog(Connection& db, int64_t limit,
                                          int64_t up_to_id = std::numeric_limits<int64_t>::max());
Status RemoveFromIndexBacklog(Connection& db, std::span<const int64_t> ids);
// Which of `ids` (in order) the search index already holds. On SQLite the index is in the
// derived file: ask a DerivedTransaction's connection, or a Read's.
Result<std::vector<int64_t>> IndexedAmong(Connection& db, std::span<const int64_t> ids);
// How the search index stands against the contributions (a Read: both files), for
// ReconcileIndex (index_backlog.h).
struct IndexStanding {
  int64_t contributions = 0;
  int64_t last_contribution = 0;
  int64_t indexed = 0;
  int64_t last_indexed = 0;
  int64_t waiting = 0;  // in the backlog
};
Result<IndexStanding> StandingOfIndex(Connection& db);
// The contributions neither indexed nor in the backlog, in id order (a Read: both files).
Result<std::vector<int64_t>> UnlistedContributions(Connection& db);
// Empties the search index (a DerivedTransaction).
Status ClearIndex(Connection& db);
// A contribution's receipt, if there is one with that id.
Result<std::optional<std::string>> ReceiptOf(Connection& db, int64_t id);

}  // namespace plenary::consultation::store
