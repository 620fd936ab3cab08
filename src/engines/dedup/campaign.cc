#include "engines/dedup/campaign.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace plenary::dedup {
namespace {

using std::chrono::milliseconds;

// The member whose summed similarity to a spread-out sample of members is highest.
DocId Medoid(const Index& index, std::span<const DocId> members, size_t sample_size) {
  std::vector<DocId> sample;
  const size_t step = std::max<size_t>(1, members.size() / std::max<size_t>(sample_size, 1));
  for (size_t i = 0; i < members.size() && sample.size() < sample_size; i += step) {
    sample.push_back(members[i]);
  }
  DocId best = members.front();
  double best_score = -1.0;
  for (DocId candidate : sample) {
    double score = 0.0;
    for (DocId other : sample) {
      score += index.EstimateSimilarity(candidate, other);
    }
    if (score > best_score) {
      best_score = score;
      best = candidate;
    }
  }
  return best;
}

// Most arrivals within any window of `window`, and where that window starts. `times` sorted.
std::pair<size_t, Timestamp> PeakWindow(const std::vector<Timestamp>& times, milliseconds window) {
  size_t peak = 0;
  Timestamp start = times.front();
  size_t left = 0;
  for (size_t right = 0; right < times.size(); ++right) {
    while (times[right] - times[left] >= window) {
      ++left;
    }
    if (right - left + 1 > peak) {
      peak = right - left + 1;
      start = times[left];
    }
  }
  return {peak, start};
}

}  // namespace

std::optional<ArrivalProfile> ProfileArrivals(std::vector<Timestamp> times,
                                              const CampaignOptions& options) {
  if (times.empty()) {
    return std::nullopt;
  }
  std::sort(times.begin(), times.end());
  ArrivalProfile profile;
  profile.first = times.front();
  profile.last = times.back();
  const milliseconds span = profile.last - profile.first;
  const int buckets = std::max(options.profile_buckets, 1);
  profile.bucket_width = std::max(milliseconds(1000), span / buckets + milliseconds(1));
  profile.counts.assign(static_cast<size_t>(span / profile.bucket_width) + 1, 0);
  for (Timestamp t : times) {
    ++profile.counts[static_cast<size_t>((t - profile.first) / profile.bucket_width)];
  }
  const milliseconds window = std::max(options.burst_window, milliseconds(1));
  std::tie(profile.peak_window_count, profile.peak_window_start) = PeakWindow(times, window);
  const milliseconds baseline = std::max<milliseconds>(span, std::chrono::hours(24));
  const double mean_per_window = static_cast<double>(times.size()) *
                                 static_cast<double>(window.count()) /
                                 static_cast<double>(baseline.count());
  profile.peak_to_mean = static_cast<double>(profile.peak_window_count) / mean_per_window;
  profile.burst = profile.peak_window_count >= options.burst_min_count &&
                  profile.peak_to_mean >= options.burst_factor;
  return profile;
}

Campaign DescribeCluster(const Index& index, std::span<const DocId> members,
                         const CampaignOptions& options) {
  Campaign campaign;
  campaign.members.assign(members.begin(), members.end());
  std::sort(campaign.members.begin(), campaign.members.end());
  std::unordered_map<uint32_t, size_t> copies;
  std::vector<Timestamp> times;
  for (DocId doc : campaign.members) {
    ++copies[index.VariantOf(doc)];
    if (auto arrival = index.arrival(doc)) {
      times.push_back(*arrival);
    }
  }
  campaign.variants = copies.size();
  // The most common variant; among equals the one that appeared first.
  uint32_t best = index.VariantOf(campaign.members.front());
  for (const auto& [variant, count] : copies) {
    const size_t best_count = copies.at(best);
    if (count > best_count ||
        (count == best_count && index.FirstOfVariant(variant) < index.FirstOfVariant(best))) {
      best = variant;
    }
  }
  campaign.representative_copies = copies.at(best);
  campaign.representative = campaign.representative_copies >= 2
                                ? index.FirstOfVariant(best)
                                : Medoid(index, campaign.members, options.medoid_sample);
  if (campaign.representative_copies < 2) {
    campaign.representative_copies = copies.at(index.VariantOf(campaign.representative));
  }
  campaign.arrivals = ProfileArrivals(std::move(times), options);
  return campaign;
}

std::vector<Campaign> FindCampaigns(const Index& index, const CampaignOptions& options) {
  std::vector<Campaign> campaigns;
  for (const std::vector<DocId>& cluster :
       index.Clusters(std::max<size_t>(options.min_members, 2))) {
    campaigns.push_back(DescribeCluster(index, cluster, options));
  }
  std::stable_sort(campaigns.begin(), campaigns.end(),
                   [](const Campaign& a, const Campaign& b) { return a.count() > b.count(); });
  return campaigns;
}

}  // namespace plenary::dedup
