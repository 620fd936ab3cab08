#pragma once

// What the consultation store's files (store.cc, store_listing.cc) share: a contribution's
// columns and row, the filters a listing and a search have in common, FTS5 quoting. Internal to
// the module.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "consultation/model.h"
#include "storage/database.h"

namespace plenary::consultation::store {

// The columns ToContribution reads, of contributions as `c`.
inline constexpr std::string_view kContributionFields =
    "SELECT c.id, c.call_id, c.process_id, c.receipt, c.user_id, c.author_name, c.publish_name, "
    "c.organisation, c.stakeholder_group, c.country_iso3, c.language, c.language_detected, "
    "c.body, c.status, c.withheld_reason, c.submitted_at";

Contribution ToContribution(const storage::Row& r);

// The filters a listing and a search share, as " AND ..." clauses on `c` and their bound values.
void AppendFilters(std::optional<int> question, const std::string& group,
                   const std::string& country, const std::string& region,
                   const std::string& development, const std::string& language, std::string& sql,
                   std::vector<storage::Value>& params);

// The statuses other than published, quoted for SQL ("'pending', 'withheld'"), from the enum,
// so that a status added later is left out too.
std::string UnpublishedStatuses();

// A term between `quote`s, any inside doubled. Terms hold only letters, marks and digits
// (engines/text), so quoting is enough; quotes are doubled all the same.
std::string Quote(std::string_view term, char quote);

// Groups of facet tokens (FacetFilters) as an FTS5 expression: "process1" AND
// "groupcivilsociety" AND ("countryfji" OR "countrywsm" ...).
std::string FacetExpression(const std::vector<std::vector<std::string>>& filters);

}  // namespace plenary::consultation::store
