#include "engines/opinion/consensus.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace plenary::opinion {
namespace {

constexpr double kZ90 = 1.2816;

// The first five of a stable sort by p * test (descending): kept as they come, in a small sorted
// list (ties keep the order they came in).
class TopFive {
 public:
  void Offer(double key, const ConsensusComment& comment) {
    if (top_.size() == kKeep && !(key > top_.back().first)) {
      return;
    }
    const auto at = std::upper_bound(top_.begin(), top_.end(), key,
                                     [](double k, const auto& e) { return k > e.first; });
    top_.insert(at, {key, comment});
    if (top_.size() > kKeep) {
      top_.pop_back();
    }
  }

  std::vector<ConsensusComment> Take() const {
    std::vector<ConsensusComment> out;
    for (const auto& e : top_) {
      out.push_back(e.second);
    }
    return out;
  }

 private:
  static constexpr size_t kKeep = 5;
  std::vector<std::pair<double, ConsensusComment>> top_;
};

}  // namespace

Consensus SelectConsensus(const ColumnTotals& totals, std::span<const uint8_t> mod_out,
                          std::span<const int32_t> order) {
  // One pass for both sides: (a + 1) + (d + 1) <= s + 2, so at most one side of a comment has
  // p > 0.5, and only that side computes its test.
  TopFive agree, disagree;
  for (const int32_t c : order) {
    if (mod_out[c]) {
      continue;
    }
    const int64_t ns = totals.seen[c];
    const bool agrees = (totals.agree[c] + 1.0) / (ns + 2.0) > 0.5;
    const int64_t n = agrees ? totals.agree[c] : totals.disagree[c];
    const double p = (n + 1.0) / (ns + 2.0);
    if (!(p > 0.5)) {
      continue;  // (most comments, on one side or the other: no test to compute)
    }
    const double test = ProportionTest(n, ns);
    if (!(test > kZ90)) {
      continue;
    }
    (agrees ? agree : disagree).Offer(p * test, {c, n, ns, p, test});
  }
  return {agree.Take(), disagree.Take()};
}

std::vector<double> GroupInformedConsensus(const GroupTallies& tallies) {
  std::vector<double> gic(tallies.cols, 1.0);
  for (int g = 0; g < tallies.groups; ++g) {
    for (int32_t c = 0; c < tallies.cols; ++c) {
      const size_t at = tallies.At(g, c);
      gic[c] *= (tallies.agree[at] + 1.0) / (tallies.seen[at] + 2.0);
    }
  }
  return gic;
}

std::vector<double> CommentPriorities(const GroupTallies& tallies,
                                      std::span<const double> extremity,
                                      std::span<const uint8_t> is_meta) {
  const int32_t cols = static_cast<int32_t>(extremity.size());
  std::vector<double> priority(cols);
  // 2^(-s/5) by vote count s (an integer): one pow per distinct count below kCounted. From there
  // on 8 * 2^(-s/5) <= 2^-57 and 1 + 8 * 2^(-s/5) rounds to 1, so the boost is exactly 1.
  constexpr int kCounted = 300;
  std::array<double, kCounted> halvings;
  halvings.fill(-1.0);
  for (int32_t c = 0; c < cols; ++c) {
    if (c < static_cast<int32_t>(is_meta.size()) && is_meta[c]) {
      priority[c] = 49;
      continue;
    }
    double a = 0, d = 0, s = 0;
    for (int g = 0; g < tallies.groups && c < tallies.cols; ++g) {
      const size_t at = tallies.At(g, c);
      a += tallies.agree[at];
      d += tallies.disagree[at];
      s += tallies.seen[at];
    }
    const double passes = s - a - d;
    const double e = extremity[c];
    const double importance = (1 - (passes + 1) / (s + 2)) * (e + 1) * (a + 1) / (s + 2);
    double boost = 1.0;
    if (s < kCounted) {
      double& h = halvings[static_cast<size_t>(s)];
      if (h < 0) {
        h = std::pow(2.0, -s / 5);
      }
      boost = 1 + 8 * h;
    }
    const double boosted = importance * boost;
    priority[c] = boosted * boosted;
  }
  return priority;
}

}  // namespace plenary::opinion
