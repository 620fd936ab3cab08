#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "campaigns/queries.h"
#include "i18n/catalog.h"

// JSON for the API and page contexts for the templates (labels already translated).
namespace plenary::campaigns {

using Translate = std::function<std::string(std::string_view key, const i18n::Args& args)>;

nlohmann::json ToJson(const Cluster& cluster);
nlohmann::json ToJson(const CallStatistics& statistics);
nlohmann::json ToJson(const Member& member);

nlohmann::json CallCampaignsView(const CallCampaigns& campaigns, const Translate& t);
nlohmann::json CampaignView(const CampaignPage& page, const Translate& t);
// The panel on a contribution's page; `csrf_token` "" for the public.
nlohmann::json PanelView(int64_t contribution_id, const ContributionStanding& standing,
                         std::string_view csrf_token, const Translate& t);

}  // namespace plenary::campaigns
