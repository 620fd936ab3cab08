#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "campaigns/model.h"
#include "storage/database.h"

// The campaigns module's only SQL (tables in migrations/0011_campaigns.sql).
namespace plenary::campaigns::store {

using storage::Connection;

// Detection's progress: every contribution with an id up to it has been indexed.
Result<int64_t> ReadWatermark(Connection& db);
// Moves it from `from` to `to`; false when another detector moved it first (nothing changed).
Result<bool> AdvanceWatermark(Connection& db, int64_t from, int64_t to);
Status AddCallCounts(Connection& db, int64_t call_id, int64_t contributions, int64_t unreadable);
// Forgets every cluster, membership, addition and count, and moves the watermark from `from`
// back to 0; false (nothing changed) when another detector moved it first.
Result<bool> ResetDetection(Connection& db, int64_t from);

// Clusters.
Status UpsertCluster(Connection& db, const Cluster& cluster);
// Deletes the cluster with its membership rows and additions.
Status DeleteCluster(Connection& db, int64_t cluster_id);
// Deletes the membership rows and additions of a cluster, keeping the cluster.
Status DeleteMembersOf(Connection& db, int64_t cluster_id);
// Inserts or replaces a membership row, and inserts its added phrases.
Status UpsertMember(Connection& db, const Member& member, int64_t campaign_members);
Status SetCampaignMembers(Connection& db, int64_t representative_id, int64_t members);

Result<std::optional<Cluster>> FindCluster(Connection& db, int64_t id);
// The call's clusters, largest first (only campaigns when `campaigns_only`).
Result<std::vector<Cluster>> ClustersOf(Connection& db, int64_t call_id, bool campaigns_only);
Result<std::vector<int64_t>> MemberIdsOfCall(Connection& db, int64_t call_id);
Result<std::vector<int64_t>> MemberIdsOf(Connection& db, int64_t cluster_id);
// Members by contribution id, after `after_id`.
Result<std::vector<Member>> MembersOf(Connection& db, int64_t cluster_id, int64_t after_id,
                                      int64_t limit);
Result<std::optional<Member>> MembershipOf(Connection& db, int64_t contribution_id);
// The most frequent added phrases: (phrase, members who added it).
Result<std::vector<std::pair<std::string, int64_t>>> TopAdditions(Connection& db,
                                                                  int64_t cluster_id,
                                                                  int64_t limit);
Result<CallStatistics> Statistics(Connection& db, int64_t call_id);
// Every membership row of the call, by contribution (for exports).
Result<std::vector<Member>> MembershipsOfCall(Connection& db, int64_t call_id, int64_t after_id,
                                              int64_t limit);

// Consent flags. Insert returns nullopt when this contact already flagged this contribution.
Result<std::optional<int64_t>> InsertFlag(Connection& db, const ConsentFlag& flag);
Result<int64_t> CountFlags(Connection& db, int64_t contribution_id);
// Flags on the members of a cluster.
Result<int64_t> CountFlagsOfCluster(Connection& db, int64_t cluster_id);
// (contribution id, flags) for each of `ids` that has any.
Result<std::vector<std::pair<int64_t, int64_t>>> FlagCounts(Connection& db,
                                                            std::span<const int64_t> ids);
Result<int64_t> CountFlagsByContactSince(Connection& db, std::string_view contact,
                                         std::string_view since);
Result<std::vector<ConsentFlag>> FlagsOfCall(Connection& db, int64_t call_id);
// Privacy: the flags a person made (by their e-mail address), and their erasure (the name and
// address replaced, the statement blanked; the flag itself stays counted). Returns how many.
Result<std::vector<ConsentFlag>> FlagsByContact(Connection& db, std::string_view contact);
Result<int64_t> EraseFlagsByContact(Connection& db, std::string_view contact,
                                    std::string_view pseudonym, std::string_view erased_contact);

}  // namespace plenary::campaigns::store
