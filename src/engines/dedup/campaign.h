#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/clock.h"
#include "engines/dedup/index.h"

namespace plenary::dedup {

struct CampaignOptions {
  // A cluster of at least this many comments is a campaign.
  size_t min_members = 10;
  // Bursts are counted in sliding windows of this length...
  std::chrono::milliseconds burst_window{std::chrono::minutes(1)};
  // ...and flagged when a window holds at least this many arrivals...
  size_t burst_min_count = 100;
  // ...and this many times the campaign's mean rate per window (its mean taken over at least a
  // day, so that a campaign arriving all at once still stands out).
  double burst_factor = 20.0;
  // Buckets of the arrival histogram.
  int profile_buckets = 48;
  // Members compared with each other to find a medoid when no variant repeats.
  size_t medoid_sample = 64;
};

// When a campaign's comments arrived. Bursts of near-identical comments within minutes are the
// signal of computer-generated submissions (ACUS Recommendation 2021-1).
struct ArrivalProfile {
  Timestamp first;
  Timestamp last;
  std::chrono::milliseconds bucket_width{0};
  std::vector<uint32_t> counts;  // arrivals per bucket from `first`
  size_t peak_window_count = 0;  // most arrivals within one burst window
  Timestamp peak_window_start;
  double peak_to_mean = 0.0;  // peak window against the mean rate per window
  bool burst = false;
};

struct Campaign {
  std::vector<DocId> members;  // ascending
  DocId representative = 0;    // a member with the most common normalised text (or the medoid)
  size_t representative_copies = 0;  // members with exactly the representative's text
  size_t variants = 0;               // distinct normalised texts among members
  size_t count() const { return members.size(); }
  std::optional<ArrivalProfile> arrivals;  // when members carry arrival times
};

// The campaigns among the index's clusters, largest first (ties by first member).
std::vector<Campaign> FindCampaigns(const Index& index, const CampaignOptions& options = {});

// Builds a campaign from one cluster (any size).
Campaign DescribeCluster(const Index& index, std::span<const DocId> members,
                         const CampaignOptions& options = {});

// The arrival profile of `times` (any order); nullopt when empty.
std::optional<ArrivalProfile> ProfileArrivals(std::vector<Timestamp> times,
                                              const CampaignOptions& options = {});

}  // namespace plenary::dedup
