#include "engines/opinion/repness.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "engines/opinion/parallel.h"

namespace plenary::opinion {
namespace {

constexpr double kZ90 = 1.2816;

RepComment Finalize(int32_t col, const CommentStats& s) {
  const bool agree = s.rat > s.rdt;
  return agree ? RepComment{col, true, s.na, s.ns, s.pa, s.pat, s.ra, s.rat, false}
               : RepComment{col, false, s.nd, s.ns, s.pd, s.pdt, s.rd, s.rdt, false};
}

double Metric(const RepComment& r) {
  return r.repness * r.repness_test * r.p_success * r.p_test;
}

bool PassesByTest(const CommentStats& s) {
  return (s.rat > kZ90 && s.pat > kZ90) || (s.rdt > kZ90 && s.pdt > kZ90);
}

bool BeatsBestAgree(const CommentStats& s, const std::optional<CommentStats>& best) {
  if (s.na == 0 && s.nd == 0) {
    return false;
  }
  if (best && best->ra > 1.0) {
    return s.ra * s.rat * s.pa * s.pat > best->ra * best->rat * best->pa * best->pat;
  }
  if (best) {
    return s.pa * s.pat > best->pa * best->pat;
  }
  return s.pat > kZ90 || (s.ra > 1.0 && s.pa > 0.5);
}

// Column totals over all groups, so that "the other groups" is the total minus the group's own.
struct AllGroups {
  std::vector<int32_t> agree, disagree, seen;  // as the tallies: votes per comment fit

  explicit AllGroups(const GroupTallies& t)
      : agree(t.cols, 0), disagree(t.cols, 0), seen(t.cols, 0) {
    for (int g = 0; g < t.groups; ++g) {
      for (int32_t c = 0; c < t.cols; ++c) {
        agree[c] += t.agree[t.At(g, c)];
        disagree[c] += t.disagree[t.At(g, c)];
        seen[c] += t.seen[t.At(g, c)];
      }
    }
  }
};

// Group g's statistics for every column against the sum of the other groups, computed for all
// columns at once (a loop the compiler vectorises) with exactly ComputeCommentStats' operations.
struct GroupStats {
  std::vector<double> pa, pd, pat, pdt, ra, rd, rat, rdt;

  GroupStats(const GroupTallies& t, const AllGroups& all, int g)
      : pa(t.cols),
        pd(t.cols),
        pat(t.cols),
        pdt(t.cols),
        ra(t.cols),
        rd(t.cols),
        rat(t.cols),
        rdt(t.cols) {
    const int32_t* agree = t.agree.data() + t.At(g, 0);
    const int32_t* disagree = t.disagree.data() + t.At(g, 0);
    const int32_t* seen = t.seen.data() + t.At(g, 0);
    for (int32_t c = 0; c < t.cols; ++c) {
      const double na = agree[c], nd = disagree[c], ns = seen[c];
      const double rest_na = all.agree[c] - agree[c];
      const double rest_nd = all.disagree[c] - disagree[c];
      const double rest_ns = all.seen[c] - seen[c];
      pa[c] = (na + 1.0) / (ns + 2.0);
      pd[c] = (nd + 1.0) / (ns + 2.0);
      const double root = std::sqrt(ns + 1.0);
      pat[c] = 2.0 * root * ((na + 1.0) / (ns + 1.0) - 0.5);
      pdt[c] = 2.0 * root * ((nd + 1.0) / (ns + 1.0) - 0.5);
      ra[c] = pa[c] / ((rest_na + 1.0) / (rest_ns + 2.0));
      rd[c] = pd[c] / ((rest_nd + 1.0) / (rest_ns + 2.0));
      rat[c] = TwoProportion(na, ns, rest_na, rest_ns);
      rdt[c] = TwoProportion(nd, ns, rest_nd, rest_ns);
    }
  }

  // TwoProportionTest without branches (same operations, same result).
  static double TwoProportion(double n, double ns, double rest, double rest_ns) {
    const double a = n + 1.0, b = rest + 1.0, x = ns + 1.0, y = rest_ns + 1.0;
    const double pooled = (a + b) / (x + y);
    const double denominator = std::sqrt(pooled * (1 - pooled) * (1 / x + 1 / y));
    const double z = (a / x - b / y) / denominator;
    const bool defined = (pooled != 1.0) & (denominator > 0);
    return defined ? z : 0.0;
  }

  CommentStats At(const GroupTallies& t, int g, int32_t c) const {
    const size_t at = t.At(g, c);
    CommentStats s;
    s.na = t.agree[at];
    s.nd = t.disagree[at];
    s.ns = t.seen[at];
    s.pa = pa[c];
    s.pd = pd[c];
    s.pat = pat[c];
    s.pdt = pdt[c];
    s.ra = ra[c];
    s.rd = rd[c];
    s.rat = rat[c];
    s.rdt = rdt[c];
    return s;
  }
};

// The best few significant comments so far, by metric (descending), ties in visiting order: what
// the first entries of a stable sort of all of them would be.
class TopComments {
 public:
  explicit TopComments(size_t capacity) : capacity_(capacity) {}

  void Offer(const RepComment& r, size_t sequence) {
    const Entry e{-Metric(r), sequence, r};
    if (entries_.size() == capacity_ && !Before(e, entries_.back())) {
      return;
    }
    auto at = std::upper_bound(entries_.begin(), entries_.end(), e, Before);
    entries_.insert(at, e);
    if (entries_.size() > capacity_) {
      entries_.pop_back();
    }
  }

  // The first `count` entries, leaving out column `skip`.
  std::vector<RepComment> Take(size_t count, int32_t skip) const {
    std::vector<RepComment> out;
    for (const Entry& e : entries_) {
      if (out.size() < count && e.comment.col != skip) {
        out.push_back(e.comment);
      }
    }
    return out;
  }

 private:
  struct Entry {
    double key;
    size_t sequence;
    RepComment comment;
  };
  static bool Before(const Entry& a, const Entry& b) {
    return a.key < b.key || (a.key == b.key && a.sequence < b.sequence);
  }

  size_t capacity_;
  std::vector<Entry> entries_;
};

// Runs the selection for one group over the columns in `order`.
std::vector<RepComment> SelectForGroup(const GroupTallies& t, const AllGroups& all, int g,
                                       std::span<const uint8_t> mod_out,
                                       std::span<const int32_t> order) {
  // Five are kept, after leaving out the best-agree comment: six candidates suffice.
  TopComments sufficient(6);
  bool any_sufficient = false;
  std::optional<RepComment> best;
  std::optional<CommentStats> best_agree;
  int32_t best_agree_col = -1;
  const GroupStats stats(t, all, g);
  size_t sequence = 0;
  for (const int32_t c : order) {
    if (mod_out[c]) {
      continue;
    }
    const CommentStats s = stats.At(t, g, c);
    if (PassesByTest(s)) {
      sufficient.Offer(Finalize(c, s), sequence++);
      any_sufficient = true;
    }
    if (!any_sufficient && (!best || std::max(s.rat, s.rdt) > best->repness_test)) {
      best = Finalize(c, s);
    }
    if (BeatsBestAgree(s, best_agree)) {
      best_agree = s;
      best_agree_col = c;
    }
  }
  std::optional<RepComment> head;
  if (best_agree) {
    head = Finalize(best_agree_col, *best_agree);
    head->best_agree = true;
  }
  if (!any_sufficient) {
    if (head) {
      return {*head};
    }
    return best ? std::vector<RepComment>{*best} : std::vector<RepComment>{};
  }
  std::vector<RepComment> top;
  if (head) {
    top.push_back(*head);
  }
  for (const RepComment& r : sufficient.Take(head ? 4 : 5, best_agree_col)) {
    top.push_back(r);
  }
  std::stable_partition(top.begin(), top.end(), [](const RepComment& r) { return r.agree; });
  return top;
}

}  // namespace

GroupTallies CountGroupVotes(const VoteMatrix& matrix, std::span<const int32_t> group_of,
                             int groups, int threads) {
  GroupTallies t;
  t.groups = groups;
  t.cols = matrix.cols;
  const size_t cells = static_cast<size_t>(groups) * matrix.cols;
  t.members.assign(groups, 0);
  const int blocks = BlockCount(matrix);
  const std::vector<int32_t> bounds = SplitRowsByVotes(matrix, blocks);
  // One counter per (group, column, vote value): a single increment per vote.
  std::vector<std::vector<int32_t>> partial(blocks);
  RunTasks(blocks, threads, [&](int b) {
    std::vector<int32_t>& count = partial[b];
    count.assign(3 * cells, 0);
    for (int32_t r = bounds[b]; r < bounds[b + 1]; ++r) {
      const int32_t g = group_of[r];
      if (g < 0) {
        continue;
      }
      int32_t* base = count.data() + 3 * static_cast<size_t>(g) * matrix.cols;
      for (uint64_t k = matrix.row_start[r]; k < matrix.row_start[r + 1]; ++k) {
        const int8_t v = matrix.value[k];
        ++base[3 * matrix.col[k] + 1 + (v > 0) - (v < 0)];
      }
    }
  });
  // The blocks' counts added up (integers: any order gives the same sums), by ranges of cells.
  t.agree.resize(cells);
  t.disagree.resize(cells);
  t.seen.resize(cells);
  constexpr size_t kRange = 4096;
  const int ranges = static_cast<int>((cells + kRange - 1) / kRange);
  RunTasks(ranges, blocks > 1 ? threads : 1, [&](int range) {
    for (size_t i = range * kRange; i < std::min(cells, (range + 1) * kRange); ++i) {
      int32_t count[3] = {0, 0, 0};
      for (int b = 0; b < blocks; ++b) {
        for (int v = 0; v < 3; ++v) {
          count[v] += partial[b][3 * i + v];
        }
      }
      t.disagree[i] = count[0];
      t.agree[i] = count[2];
      t.seen[i] = count[0] + count[1] + count[2];
    }
  });
  for (int32_t r = 0; r < matrix.rows; ++r) {
    if (group_of[r] >= 0) {
      ++t.members[group_of[r]];
    }
  }
  return t;
}

double ProportionTest(int64_t n, int64_t ns) {
  return 2.0 * std::sqrt(ns + 1.0) * ((n + 1.0) / (ns + 1.0) - 0.5);
}

double TwoProportionTest(int64_t n, int64_t ns, int64_t rest, int64_t rest_ns) {
  const double a = n + 1.0, b = rest + 1.0, x = ns + 1.0, y = rest_ns + 1.0;
  const double pooled = (a + b) / (x + y);
  if (pooled == 1.0) {
    return 0.0;
  }
  const double denominator = std::sqrt(pooled * (1 - pooled) * (1 / x + 1 / y));
  return denominator > 0 ? (a / x - b / y) / denominator : 0.0;
}

CommentStats ComputeCommentStats(int64_t na, int64_t nd, int64_t ns, int64_t rest_na,
                                 int64_t rest_nd, int64_t rest_ns) {
  CommentStats s;
  s.na = na;
  s.nd = nd;
  s.ns = ns;
  s.pa = (na + 1.0) / (ns + 2.0);
  s.pd = (nd + 1.0) / (ns + 2.0);
  s.pat = ProportionTest(na, ns);
  s.pdt = ProportionTest(nd, ns);
  s.ra = s.pa / ((rest_na + 1.0) / (rest_ns + 2.0));
  s.rd = s.pd / ((rest_nd + 1.0) / (rest_ns + 2.0));
  s.rat = TwoProportionTest(na, ns, rest_na, rest_ns);
  s.rdt = TwoProportionTest(nd, ns, rest_nd, rest_ns);
  return s;
}

std::vector<std::vector<RepComment>> SelectRepComments(const GroupTallies& tallies,
                                                       std::span<const uint8_t> mod_out,
                                                       std::span<const int32_t> order,
                                                       int threads) {
  std::vector<std::vector<RepComment>> result(tallies.groups);
  const AllGroups all(tallies);
  RunTasks(tallies.groups, threads,
           [&](int g) { result[g] = SelectForGroup(tallies, all, g, mod_out, order); });
  return result;
}

}  // namespace plenary::opinion
