#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "campaigns/context.h"
#include "campaigns/model.h"
#include "consultation/model.h"

// The campaigns module's reads.
namespace plenary::campaigns {

struct CampaignSummary {
  Cluster cluster;
  std::string representative_excerpt;  // plain text, "" when it is not public
  int64_t consent_flags = 0;           // on its members
};

struct CallCampaigns {
  consultation::Call call;
  CallStatistics statistics;
  std::vector<CampaignSummary> campaigns;  // largest first
  int64_t detected_up_to = 0;              // contributions indexed up to this id
};
// kNotFound for an unknown call.
Result<CallCampaigns> ReadCallCampaigns(Context& ctx, int64_t call_id);

struct MemberView {
  Member member;
  int64_t consent_flags = 0;
  std::string author;  // as the public sees it ("" when withheld or not published)
  bool published = false;
};

struct CampaignPage {
  Cluster cluster;
  consultation::Call call;
  std::string representative_text;                // body and answers, "" when not public
  std::vector<std::string> representative_words;  // normalised, for the personal parts
  std::vector<MemberView> members;                // one page, by contribution id
  std::vector<std::pair<std::string, int64_t>> top_additions;
  int64_t consent_flags = 0;
  bool more = false;
};
// A cluster (campaign or smaller) with one page of members after `after_id`. kNotFound.
Result<CampaignPage> ReadCampaign(Context& ctx, int64_t cluster_id, int64_t after_id,
                                  int64_t limit);

// What the page of a contribution shows: its cluster, if any, and its consent flags.
struct ContributionStanding {
  std::optional<Member> member;
  std::optional<Cluster> cluster;
  int64_t consent_flags = 0;
};
Result<ContributionStanding> ReadStanding(Context& ctx, int64_t contribution_id);

// Every membership row of a call, a page at a time (exports).
Result<std::vector<Member>> ReadMemberships(Context& ctx, int64_t call_id, int64_t after_id,
                                            int64_t limit);
// The flags on a call's contributions, for its secretariat.
Result<std::vector<ConsentFlag>> ReadFlags(Context& ctx, int64_t call_id);

}  // namespace plenary::campaigns
