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
  std::vector<int64_t> agree, disagree, seen;

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

// Group g's statistics for column c against the sum of the other groups.
CommentStats StatsAgainstRest(const GroupTallies& t, const AllGroups& all, int g, int32_t c) {
  const size_t at = t.At(g, c);
  return ComputeCommentStats(t.agree[at], t.disagree[at], t.seen[at], all.agree[c] - t.agree[at],
                             all.disagree[c] - t.disagree[at], all.seen[c] - t.seen[at]);
}

// Runs the selection for one group over the columns in `order`.
std::vector<RepComment> SelectForGroup(const GroupTallies& t, const AllGroups& all, int g,
                                       std::span<const uint8_t> mod_out,
                                       std::span<const int32_t> order) {
  std::vector<RepComment> sufficient;
  std::optional<RepComment> best;
  std::optional<CommentStats> best_agree;
  int32_t best_agree_col = -1;
  for (const int32_t c : order) {
    if (mod_out[c]) {
      continue;
    }
    const CommentStats s = StatsAgainstRest(t, all, g, c);
    if (PassesByTest(s)) {
      sufficient.push_back(Finalize(c, s));
    }
    if (sufficient.empty() && (!best || std::max(s.rat, s.rdt) > best->repness_test)) {
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
  if (sufficient.empty()) {
    if (head) {
      return {*head};
    }
    return best ? std::vector<RepComment>{*best} : std::vector<RepComment>{};
  }
  std::erase_if(sufficient, [&](const RepComment& r) { return r.col == best_agree_col; });
  // The first five of a stable sort by metric: ties keep their order in `order`.
  const size_t keep = std::min<size_t>(sufficient.size(), head ? 4 : 5);
  std::vector<std::pair<double, size_t>> ranked(sufficient.size());
  for (size_t i = 0; i < sufficient.size(); ++i) {
    ranked[i] = {-Metric(sufficient[i]), i};
  }
  std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end());
  std::vector<RepComment> top;
  if (head) {
    top.push_back(*head);
  }
  for (size_t i = 0; i < keep; ++i) {
    top.push_back(sufficient[ranked[i].second]);
  }
  sufficient = std::move(top);
  std::stable_partition(sufficient.begin(), sufficient.end(),
                        [](const RepComment& r) { return r.agree; });
  return sufficient;
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
  for (int b = 1; b < blocks; ++b) {
    for (size_t i = 0; i < 3 * cells; ++i) {
      partial[0][i] += partial[b][i];
    }
  }
  t.agree.resize(cells);
  t.disagree.resize(cells);
  t.seen.resize(cells);
  for (size_t i = 0; i < cells; ++i) {
    const int32_t* count = partial[0].data() + 3 * i;
    t.disagree[i] = count[0];
    t.agree[i] = count[2];
    t.seen[i] = count[0] + count[1] + count[2];
  }
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
                                                       std::span<const int32_t> order) {
  std::vector<std::vector<RepComment>> result(tallies.groups);
  const AllGroups all(tallies);
  for (int g = 0; g < tallies.groups; ++g) {
    result[g] = SelectForGroup(tallies, all, g, mod_out, order);
  }
  return result;
}

}  // namespace plenary::opinion
