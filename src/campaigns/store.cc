#include "campaigns/store.h"

#include <fmt/format.h>

#include "campaigns/personal.h"
#include "core/text.h"
#include "storage/sql_text.h"

namespace plenary::campaigns::store {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kWatermark =
    "SELECT last_contribution_id FROM campaign_detection WHERE id = 1";
constexpr std::string_view kAdvance =
    "UPDATE campaign_detection SET last_contribution_id = ? WHERE id = 1 AND "
    "last_contribution_id = ?";
// Children first: contribution_campaign and campaign_additions refer to campaign_clusters.
constexpr std::string_view kDeleteAll[] = {
    "DELETE FROM campaign_additions", "DELETE FROM contribution_campaign",
    "DELETE FROM campaign_clusters", "DELETE FROM campaign_calls"};
constexpr std::string_view kAddCounts =
    "INSERT INTO campaign_calls (call_id, contributions, unreadable) VALUES (?, ?, ?) "
    "ON CONFLICT (call_id) DO UPDATE SET contributions = campaign_calls.contributions + "
    "excluded.contributions, unreadable = campaign_calls.unreadable + excluded.unreadable";
constexpr std::string_view kUpsertCluster =
    "INSERT INTO campaign_clusters (id, call_id, representative_id, members, variants, "
    "representative_copies, is_campaign, first_arrival, last_arrival, bucket_seconds, arrivals, "
    "peak_per_minute, peak_to_mean, burst, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
    "representative_id = excluded.representative_id, members = excluded.members, "
    "variants = excluded.variants, representative_copies = excluded.representative_copies, "
    "is_campaign = excluded.is_campaign, first_arrival = excluded.first_arrival, "
    "last_arrival = excluded.last_arrival, bucket_seconds = excluded.bucket_seconds, "
    "arrivals = excluded.arrivals, peak_per_minute = excluded.peak_per_minute, "
    "peak_to_mean = excluded.peak_to_mean, burst = excluded.burst, "
    "updated_at = excluded.updated_at";
constexpr std::string_view kDeleteAdditionsOf =
    "DELETE FROM campaign_additions WHERE campaign_id = ?";
constexpr std::string_view kDeleteMembersOf =
    "DELETE FROM contribution_campaign WHERE campaign_id = ?";
constexpr std::string_view kDeleteCluster = "DELETE FROM campaign_clusters WHERE id = ?";
constexpr std::string_view kDeleteAdditionsOfMember =
    "DELETE FROM campaign_additions WHERE contribution_id = ?";
constexpr std::string_view kUpsertMember =
    "INSERT INTO contribution_campaign (contribution_id, campaign_id, call_id, "
    "is_representative, in_campaign, campaign_members, personal, added) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (contribution_id) DO UPDATE SET "
    "campaign_id = excluded.campaign_id, call_id = excluded.call_id, "
    "is_representative = excluded.is_representative, in_campaign = excluded.in_campaign, "
    "campaign_members = excluded.campaign_members, personal = excluded.personal, "
    "added = excluded.added";
constexpr std::string_view kInsertAddition =
    "INSERT INTO campaign_additions (campaign_id, contribution_id, phrase) VALUES (?, ?, ?)";
constexpr std::string_view kSetCampaignMembers =
    "UPDATE contribution_campaign SET campaign_members = ? WHERE contribution_id = ?";
constexpr std::string_view kClusterColumns =
    "SELECT id, call_id, representative_id, members, variants, representative_copies, "
    "is_campaign, first_arrival, last_arrival, bucket_seconds, arrivals, peak_per_minute, "
    "peak_to_mean, burst, updated_at FROM campaign_clusters ";
constexpr std::string_view kMemberIdsOfCall =
    "SELECT contribution_id FROM contribution_campaign WHERE call_id = ? ORDER BY "
    "contribution_id";
constexpr std::string_view kMemberIdsOf =
    "SELECT contribution_id FROM contribution_campaign WHERE campaign_id = ? ORDER BY "
    "contribution_id";
constexpr std::string_view kMemberColumns =
    "SELECT contribution_id, campaign_id, call_id, is_representative, in_campaign, personal, "
    "added FROM contribution_campaign ";
constexpr std::string_view kTopAdditions =
    "SELECT phrase, COUNT(DISTINCT contribution_id) FROM campaign_additions WHERE campaign_id = "
    "? GROUP BY phrase ORDER BY COUNT(DISTINCT contribution_id) DESC, phrase LIMIT ?";
constexpr std::string_view kCallCounts =
    "SELECT contributions, unreadable FROM campaign_calls WHERE call_id = ?";
constexpr std::string_view kClusterSums =
    "SELECT COALESCE(SUM(CASE WHEN is_campaign = 1 THEN members ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN is_campaign = 0 THEN members ELSE 0 END), 0), "
    "COALESCE(SUM(is_campaign), 0) FROM campaign_clusters WHERE call_id = ?";
constexpr std::string_view kInsertFlag =
    "INSERT INTO consent_flags (contribution_id, call_id, name, contact, statement, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (contribution_id, contact) DO NOTHING RETURNING id";
constexpr std::string_view kCountFlags =
    "SELECT COUNT(*) FROM consent_flags WHERE contribution_id = ?";
constexpr std::string_view kCountFlagsOfCluster =
    "SELECT COUNT(*) FROM consent_flags f JOIN contribution_campaign m ON m.contribution_id = "
    "f.contribution_id WHERE m.campaign_id = ?";
constexpr std::string_view kFlagCounts =
    "SELECT contribution_id, COUNT(*) FROM consent_flags WHERE contribution_id IN ";
constexpr std::string_view kFlagsByContact =
    "SELECT COUNT(*) FROM consent_flags WHERE contact = ? AND created_at >= ?";
constexpr std::string_view kFlagsOfCall =
    "SELECT id, contribution_id, call_id, name, contact, statement, created_at FROM "
    "consent_flags WHERE call_id = ? ORDER BY id";
constexpr std::string_view kFlagsOfContact =
    "SELECT id, contribution_id, call_id, name, contact, statement, created_at FROM "
    "consent_flags WHERE contact = ? ORDER BY id";
constexpr std::string_view kEraseFlags =
    "UPDATE consent_flags SET name = ?, contact = ?, statement = '' WHERE contact = ?";

std::vector<int64_t> ParseCounts(std::string_view text) {
  std::vector<int64_t> out;
  for (std::string_view part : Split(text, ',')) {
    if (!part.empty()) {
      out.push_back(std::atoll(std::string(part).c_str()));
    }
  }
  return out;
}

std::string JoinCounts(const std::vector<int64_t>& counts) {
  std::string out;
  for (int64_t n : counts) {
    out += out.empty() ? "" : ",";
    out += std::to_string(n);
  }
  return out;
}

Cluster ToCluster(const Row& r) {
  Cluster c;
  c.id = r.Int(0);
  c.call_id = r.Int(1);
  c.representative_id = r.Int(2);
  c.members = r.Int(3);
  c.variants = r.Int(4);
  c.representative_copies = r.Int(5);
  c.is_campaign = r.Int(6) != 0;
  c.first_arrival = r.Text(7);
  c.last_arrival = r.Text(8);
  c.bucket_seconds = r.Int(9);
  c.arrivals = ParseCounts(r.Text(10));
  c.peak_per_minute = r.Int(11);
  c.peak_to_mean = r.Real(12);
  c.burst = r.Int(13) != 0;
  c.updated_at = r.Text(14);
  return c;
}

std::vector<std::string> SplitPhrases(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(" | ", start);
    end = end == std::string_view::npos ? text.size() : end;
    if (end > start) {
      out.emplace_back(text.substr(start, end - start));
    }
    start = end + 3;
  }
  return out;
}

std::string JoinPhrases(const std::vector<std::string>& phrases) {
  std::string out;
  for (const std::string& p : phrases) {
    out += out.empty() ? "" : " | ";
    out += p;
  }
  return out;
}

Member ToMember(const Row& r) {
  return {r.Int(0),
          r.Int(1),
          r.Int(2),
          r.Int(3) != 0,
          r.Int(4) != 0,
          DecodeEdits(r.Text(5)),
          SplitPhrases(r.Text(6))};
}

Result<std::vector<int64_t>> Ids(Connection& db, std::string_view sql, int64_t param) {
  Value p = param;
  ASSIGN_OR_RETURN(auto rows, db.Query(sql, std::span(&p, 1)));
  return rows.Ints();
}

Result<int64_t> Count(Connection& db, std::string_view sql, std::span<const Value> params) {
  ASSIGN_OR_RETURN(Row row, db.QueryOne(sql, params, "count"));
  return row.Int(0);
}

Status Run(Connection& db, std::string_view sql, std::span<const Value> params) {
  return detail::ToStatus(db.Execute(sql, params));
}

}  // namespace

Result<int64_t> ReadWatermark(Connection& db) {
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kWatermark, {}, "campaign detection progress"));
  return row.Int(0);
}

Result<bool> AdvanceWatermark(Connection& db, int64_t from, int64_t to) {
  Value params[] = {to, from};
  ASSIGN_OR_RETURN(int64_t changed, db.Execute(kAdvance, params));
  return changed == 1;
}

Result<bool> ResetDetection(Connection& db, int64_t from) {
  ASSIGN_OR_RETURN(bool moved, AdvanceWatermark(db, from, 0));
  if (!moved) {
    return false;
  }
  for (std::string_view sql : kDeleteAll) {
    RETURN_IF_ERROR(Run(db, sql, {}));
  }
  return true;
}

Status AddCallCounts(Connection& db, int64_t call_id, int64_t contributions, int64_t unreadable) {
  Value params[] = {call_id, contributions, unreadable};
  return Run(db, kAddCounts, params);
}

Status UpsertCluster(Connection& db, const Cluster& c) {
  Value params[] = {c.id,
                    c.call_id,
                    c.representative_id,
                    c.members,
                    c.variants,
                    c.representative_copies,
                    int64_t{c.is_campaign},
                    c.first_arrival,
                    c.last_arrival,
                    c.bucket_seconds,
                    JoinCounts(c.arrivals),
                    c.peak_per_minute,
                    c.peak_to_mean,
                    int64_t{c.burst},
                    c.updated_at};
  return Run(db, kUpsertCluster, params);
}

Status DeleteMembersOf(Connection& db, int64_t cluster_id) {
  Value param = cluster_id;
  RETURN_IF_ERROR(Run(db, kDeleteAdditionsOf, std::span(&param, 1)));
  return Run(db, kDeleteMembersOf, std::span(&param, 1));
}

Status DeleteCluster(Connection& db, int64_t cluster_id) {
  RETURN_IF_ERROR(DeleteMembersOf(db, cluster_id));
  Value param = cluster_id;
  return Run(db, kDeleteCluster, std::span(&param, 1));
}

Status UpsertMember(Connection& db, const Member& m, int64_t campaign_members) {
  Value id = m.contribution_id;
  RETURN_IF_ERROR(Run(db, kDeleteAdditionsOfMember, std::span(&id, 1)));
  Value params[] = {m.contribution_id,
                    m.campaign_id,
                    m.call_id,
                    int64_t{m.is_representative},
                    int64_t{m.in_campaign},
                    m.is_representative ? campaign_members : int64_t{0},
                    m.in_campaign ? EncodeEdits(m.personal) : std::string(),
                    JoinPhrases(m.added)};
  RETURN_IF_ERROR(Run(db, kUpsertMember, params));
  for (const std::string& phrase : m.added) {
    Value ap[] = {m.campaign_id, m.contribution_id, phrase};
    RETURN_IF_ERROR(Run(db, kInsertAddition, ap));
  }
  return Status::Ok();
}

Status SetCampaignMembers(Connection& db, int64_t representative_id, int64_t members) {
  Value params[] = {members, representative_id};
  return Run(db, kSetCampaignMembers, params);
}

Result<std::optional<Cluster>> FindCluster(Connection& db, int64_t id) {
  Value param = id;
  ASSIGN_OR_RETURN(auto rows,
                   db.Query(std::string(kClusterColumns) + "WHERE id = ?", std::span(&param, 1)));
  if (rows.empty()) {
    return std::optional<Cluster>();
  }
  return std::optional<Cluster>(ToCluster(rows.rows.front()));
}

Result<std::vector<Cluster>> ClustersOf(Connection& db, int64_t call_id, bool campaigns_only) {
  Value param = call_id;
  std::string sql = std::string(kClusterColumns) + "WHERE call_id = ?" +
                    (campaigns_only ? " AND is_campaign = 1" : "") + " ORDER BY members DESC, id";
  ASSIGN_OR_RETURN(auto rows, db.Query(sql, std::span(&param, 1)));
  std::vector<Cluster> out;
  for (const Row& r : rows.rows) {
    out.push_back(ToCluster(r));
  }
  return out;
}

Result<std::vector<int64_t>> MemberIdsOfCall(Connection& db, int64_t call_id) {
  return Ids(db, kMemberIdsOfCall, call_id);
}

Result<std::vector<int64_t>> MemberIdsOf(Connection& db, int64_t cluster_id) {
  return Ids(db, kMemberIdsOf, cluster_id);
}

namespace {

// A page of members in contribution order: `where` ("campaign_id = ?" or "call_id = ?") names
// the one value `owner` is for; the page starts after `after_id`.
Result<std::vector<Member>> MemberPage(Connection& db, std::string_view where, int64_t owner,
                                       int64_t after_id, int64_t limit) {
  Value params[] = {owner, after_id, limit};
  ASSIGN_OR_RETURN(auto rows, db.Query(fmt::format("{}WHERE {} AND contribution_id > ? ORDER BY "
                                                   "contribution_id LIMIT ?",
                                                   kMemberColumns, where),
                                       params));
  std::vector<Member> out;
  for (const Row& r : rows.rows) {
    out.push_back(ToMember(r));
  }
  return out;
}

}  // namespace

Result<std::vector<Member>> MembersOf(Connection& db, int64_t cluster_id, int64_t after_id,
                                      int64_t limit) {
  return MemberPage(db, "campaign_id = ?", cluster_id, after_id, limit);
}

Result<std::optional<Member>> MembershipOf(Connection& db, int64_t contribution_id) {
  Value param = contribution_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(std::string(kMemberColumns) + "WHERE contribution_id = ?",
                                       std::span(&param, 1)));
  if (rows.empty()) {
    return std::optional<Member>();
  }
  return std::optional<Member>(ToMember(rows.rows.front()));
}

Result<std::vector<std::pair<std::string, int64_t>>> TopAdditions(Connection& db,
                                                                  int64_t cluster_id,
                                                                  int64_t limit) {
  Value params[] = {cluster_id, limit};
  ASSIGN_OR_RETURN(auto rows, db.Query(kTopAdditions, params));
  std::vector<std::pair<std::string, int64_t>> out;
  for (const Row& r : rows.rows) {
    out.emplace_back(r.Text(0), r.Int(1));
  }
  return out;
}

Result<CallStatistics> Statistics(Connection& db, int64_t call_id) {
  CallStatistics s;
  s.call_id = call_id;
  Value param = call_id;
  ASSIGN_OR_RETURN(auto counts, db.Query(kCallCounts, std::span(&param, 1)));
  if (!counts.empty()) {
    s.contributions = counts.rows[0].Int(0);
    s.unreadable = counts.rows[0].Int(1);
  }
  ASSIGN_OR_RETURN(Row sums, db.QueryOne(kClusterSums, std::span(&param, 1), "cluster sums"));
  s.in_campaigns = sums.Int(0);
  s.near_duplicates = sums.Int(1);
  s.campaigns = sums.Int(2);
  s.unique = std::max<int64_t>(0, s.contributions - s.in_campaigns - s.near_duplicates);
  return s;
}

Result<std::vector<Member>> MembershipsOfCall(Connection& db, int64_t call_id, int64_t after_id,
                                              int64_t limit) {
  return MemberPage(db, "call_id = ?", call_id, after_id, limit);
}

Result<std::optional<int64_t>> InsertFlag(Connection& db, const ConsentFlag& f) {
  Value params[] = {f.contribution_id, f.call_id, f.name, f.contact, f.statement, f.created_at};
  ASSIGN_OR_RETURN(auto rows, db.Query(kInsertFlag, params));
  return rows.empty() ? std::optional<int64_t>() : std::optional<int64_t>(rows.rows[0].Int(0));
}

Result<int64_t> CountFlags(Connection& db, int64_t contribution_id) {
  Value param = contribution_id;
  return Count(db, kCountFlags, std::span(&param, 1));
}

Result<int64_t> CountFlagsOfCluster(Connection& db, int64_t cluster_id) {
  Value param = cluster_id;
  return Count(db, kCountFlagsOfCluster, std::span(&param, 1));
}

Result<std::vector<std::pair<int64_t, int64_t>>> FlagCounts(Connection& db,
                                                            std::span<const int64_t> ids) {
  std::vector<std::pair<int64_t, int64_t>> out;
  if (ids.empty()) {
    return out;
  }
  std::vector<Value> params(ids.begin(), ids.end());
  ASSIGN_OR_RETURN(auto rows,
                   db.Query(std::string(kFlagCounts) + storage::Placeholders(ids.size()) +
                                " GROUP BY contribution_id",
                            params));
  for (const Row& r : rows.rows) {
    out.emplace_back(r.Int(0), r.Int(1));
  }
  return out;
}

Result<int64_t> CountFlagsByContactSince(Connection& db, std::string_view contact,
                                         std::string_view since) {
  Value params[] = {std::string(contact), std::string(since)};
  return Count(db, kFlagsByContact, params);
}

namespace {

Result<std::vector<ConsentFlag>> Flags(Connection& db, std::string_view sql, Value param) {
  ASSIGN_OR_RETURN(auto rows, db.Query(sql, std::span(&param, 1)));
  std::vector<ConsentFlag> out;
  for (const Row& r : rows.rows) {
    out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)});
  }
  return out;
}

}  // namespace

Result<std::vector<ConsentFlag>> FlagsOfCall(Connection& db, int64_t call_id) {
  return Flags(db, kFlagsOfCall, call_id);
}

Result<std::vector<ConsentFlag>> FlagsByContact(Connection& db, std::string_view contact) {
  return Flags(db, kFlagsOfContact, std::string(contact));
}

Result<int64_t> EraseFlagsByContact(Connection& db, std::string_view contact,
                                    std::string_view pseudonym, std::string_view erased_contact) {
  Value params[] = {std::string(pseudonym), std::string(erased_contact), std::string(contact)};
  return db.Execute(kEraseFlags, params);
}

}  // namespace plenary::campaigns::store
