#include "campaigns/model.h"

namespace plenary::campaigns {

double CallStatistics::CampaignShare() const {
  return contributions == 0
             ? 0.0
             : static_cast<double>(in_campaigns) / static_cast<double>(contributions);
}

double CallStatistics::UniqueShare() const {
  return contributions == 0 ? 0.0
                            : static_cast<double>(unique) / static_cast<double>(contributions);
}

}  // namespace plenary::campaigns
