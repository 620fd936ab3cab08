#include "engines/opinion/consensus.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace plenary::opinion {
namespace {

constexpr double kZ90 = 1.2816;

// The first five of a stable sort by p * test (descending) over the visiting order: kept as they
// come (in any order), in a small list sorted by key and then by place in the visiting order.
class TopFive {
 public:
  void Offer(double key, int32_t rank, const ConsensusComment& comment) {
    const Entry e{key, rank, comment};
    if (top_.size() == kKeep && !Before(e, top_.back())) {
      return;
    }
    top_.insert(std::upper_bound(top_.begin(), top_.end(), e, Before), e);
    if (top_.size() > kKeep) {
      top_.pop_back();
    }
  }

  // Whether Offer would keep a comment.
  bool Admits(double key, int32_t rank) const {
    // (Both compared without a branch: the caller combines this with an unpredictable test.)
    const bool room = top_.size() < kKeep;
    const Entry& last = top_.empty() ? kNone : top_.back();
    return room | ((key > last.key) | ((key == last.key) & (rank < last.rank)));
  }

  std::vector<ConsensusComment> Take() const {
    std::vector<ConsensusComment> out;
    for (const Entry& e : top_) {
      out.push_back(e.comment);
    }
    return out;
  }

 private:
  struct Entry {
    double key;
    int32_t rank;
    ConsensusComment comment;
  };
  static bool Before(const Entry& a, const Entry& b) {
    return a.key > b.key || (a.key == b.key && a.rank < b.rank);
  }

  static constexpr size_t kKeep = 5;
  static constexpr Entry kNone{0.0, 0, {}};
  std::vector<Entry> top_;
};

}  // namespace

Consensus SelectConsensus(const ColumnTotals& totals, std::span<const uint8_t> mod_out,
                          std::span<const int32_t> order) {
  // The comments are read in column order (the totals front to back: visiting them in `order`
  // waited on the cache at every comment), each with its place in `order` for ties.
  std::vector<int32_t> rank(totals.seen.size(), -1);
  for (size_t k = 0; k < order.size(); ++k) {
    rank[order[k]] = static_cast<int32_t>(k);
  }
  // One pass for both sides: (a + 1) + (d + 1) <= s + 2, so at most one side of a comment has
  // p > 0.5, the side whose test is computed. Every comment computes it, without a branch on
  // which comments qualify (that is not predictable; a comment that also enters a top five is
  // rare).
  TopFive agree, disagree;
  for (size_t c = 0; c < rank.size(); ++c) {
    const int64_t ns = totals.seen[c];
    const bool agrees = (totals.agree[c] + 1.0) / (ns + 2.0) > 0.5;
    const int64_t n = agrees ? totals.agree[c] : totals.disagree[c];
    const double p = (n + 1.0) / (ns + 2.0);
    const double test = 2.0 * std::sqrt(ns + 1.0) * ((n + 1.0) / (ns + 1.0) - 0.5);  // as in
    const double key = p * test;  // ProportionTest
    const bool qualifies = (mod_out[c] == 0) & (rank[c] >= 0) & (p > 0.5) & (test > kZ90);
    TopFive& side = agrees ? agree : disagree;
    if (qualifies & side.Admits(key, rank[c])) {
      const auto col = static_cast<int32_t>(c);
      side.Offer(key, rank[c], {col, n, ns, p, test});
    }
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
