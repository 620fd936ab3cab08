#pragma once

#include <cstdint>
#include <string>
#include <vector>

// Mass comment campaigns: clusters of near-identical contributions to a call (README.md).
namespace plenary::campaigns {

// A cluster of two or more near-identical contributions to one call; a campaign when it has at
// least the configured number of members.
struct Cluster {
  int64_t id = 0;  // the id of its earliest contribution
  int64_t call_id = 0;
  int64_t representative_id = 0;  // the most common variant, or the medoid
  int64_t members = 0;
  int64_t variants = 0;
  int64_t representative_copies = 0;
  bool is_campaign = false;
  std::string first_arrival;  // ISO 8601 UTC
  std::string last_arrival;
  int64_t bucket_seconds = 0;
  std::vector<int64_t> arrivals;  // per bucket of bucket_seconds from first_arrival
  int64_t peak_per_minute = 0;
  double peak_to_mean = 0;
  bool burst = false;  // many arrivals within minutes: a computer-generated signal
  std::string updated_at;
};

// One place where a member departs from the representative: at word `position` of the
// representative's normalised words, `removed` were dropped and `added` written instead.
struct Edit {
  int64_t position = 0;
  std::vector<std::string> removed;
  std::vector<std::string> added;
};

// A contribution's place in a cluster and what its author added to the representative.
struct Member {
  int64_t contribution_id = 0;
  int64_t campaign_id = 0;
  int64_t call_id = 0;
  bool is_representative = false;
  bool in_campaign = false;
  std::vector<Edit> personal;      // empty outside campaigns and for the representative
  std::vector<std::string> added;  // the added phrases
};

// Unique comments against campaign comments, over the contributions indexed for a call (of
// any status: what was withheld was received all the same).
struct CallStatistics {
  int64_t call_id = 0;
  int64_t contributions = 0;
  int64_t in_campaigns = 0;     // members of campaigns
  int64_t near_duplicates = 0;  // members of clusters too small to be campaigns
  int64_t unique = 0;           // in no cluster
  int64_t campaigns = 0;
  int64_t unreadable = 0;  // texts the engine refused (counted as unique)
  double CampaignShare() const;
  double UniqueShare() const;
};

// "This was submitted in my name without my consent."
struct ConsentFlag {
  int64_t id = 0;
  int64_t contribution_id = 0;
  int64_t call_id = 0;
  std::string name;
  std::string contact;  // an email address; shown to the secretariat only
  std::string statement;
  std::string created_at;
};

}  // namespace plenary::campaigns
