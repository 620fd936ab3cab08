#include "analysis_digest.h"

#include <cstring>
#include <span>
#include <type_traits>
#include <vector>

namespace plenary::bench {
namespace {

// FNV-1a over bytes, fed value by value.
class Hash {
 public:
  void Bytes(const void* data, size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < size; ++i) {
      state_ = (state_ ^ p[i]) * 0x100000001b3ULL;
    }
  }
  // Each value's bytes, in the order given.
  template <typename... T>
  void Value(const T&... v) {
    static_assert((std::is_trivially_copyable_v<T> && ...));
    (Bytes(&v, sizeof v), ...);
  }
  template <typename T>
  void Values(std::span<const T> v) {
    Value(v.size());
    for (const T& x : v) {
      Value(x);
    }
  }
  template <typename T>
  void Values(const std::vector<T>& v) {
    Values(std::span<const T>(v));
  }
  uint64_t state() const { return state_; }

 private:
  uint64_t state_ = 0xcbf29ce484222325ULL;
};

void AddClusters(Hash& h, const std::vector<opinion::Cluster>& clusters) {
  h.Value(clusters.size());
  for (const opinion::Cluster& c : clusters) {
    h.Value(c.id, c.center.x, c.center.y);
    h.Values(c.members);
  }
}

void AddStatistics(Hash& h, const opinion::GroupStatistics& s) {
  h.Value(s.tallies.groups);
  h.Values(s.tallies.agree);
  h.Values(s.tallies.disagree);
  h.Values(s.tallies.seen);
  h.Values(s.tallies.members);
  for (const auto& group : s.repness) {
    h.Value(group.size());
    for (const opinion::RepComment& r : group) {
      h.Value(r.col, r.agree, r.n_success, r.n_trials, r.p_success, r.p_test, r.repness,
              r.repness_test, r.best_agree);
    }
  }
  for (const auto* side : {&s.consensus.agree, &s.consensus.disagree}) {
    h.Value(side->size());
    for (const opinion::ConsensusComment& c : *side) {
      h.Value(c.col, c.n_success, c.n_trials, c.p_success, c.p_test);
    }
  }
  h.Values(s.gic);
}

}  // namespace

uint64_t AnalysisDigest(const opinion::Analysis& a) {
  Hash h;
  h.Value(a.k, a.best_k);
  h.Values(a.participant_ids);
  h.Values(a.comment_ids);
  h.Values(a.in_conv);
  h.Values(a.group_of);
  h.Value(a.projection.size());
  for (const opinion::Point& p : a.projection) {
    h.Value(p.x, p.y);
  }
  AddClusters(h, a.base_clusters);
  AddClusters(h, a.groups);
  h.Values(a.silhouette);
  h.Value(a.base_steps);
  h.Values(a.pca.center);
  h.Values(a.pca.axes[0]);
  h.Values(a.pca.axes[1]);
  h.Value(a.pca.eigenvalues[0], a.pca.eigenvalues[1], a.pca.iterations);
  for (const auto& v : a.pca.basis) {
    h.Values(v);
  }
  AddStatistics(h, a.statistics);
  h.Values(a.extremity);
  h.Values(a.priority);
  return h.state();
}

}  // namespace plenary::bench
