#include "engines/opinion/repness.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include "engines/opinion/parallel.h"
#include "engines/opinion/vote_overlay.h"

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

// The columns a selection visits (those in `order` not moderated out), with their totals over all
// groups (so that "the other groups" is the total minus the group's own), in visiting order: the
// selection then reads its arrays front to back instead of at random columns.
struct Visit {
  std::vector<int32_t> col;
  std::vector<int32_t> agree, disagree, seen;  // as the tallies: votes per comment fit

  // The sums over the groups are added in column order (the groups' rows read side by side, a
  // loop the compiler vectorises), then taken in visiting order: gathered group by group from
  // the tallies in visiting order they took ~110 microseconds on 4 x 7.8k comments.
  Visit(const GroupTallies& t, std::span<const uint8_t> mod_out, std::span<const int32_t> order) {
    col.reserve(order.size());
    for (const int32_t c : order) {
      if (!mod_out[c]) {
        col.push_back(c);
      }
    }
    std::vector<int32_t> sums[3];
    const std::vector<int32_t>* counts[3] = {&t.agree, &t.disagree, &t.seen};
    std::vector<int32_t>* visited[3] = {&agree, &disagree, &seen};
    for (int k = 0; k < 3; ++k) {
      sums[k].assign(t.cols, 0);
      for (int g = 0; g < t.groups; ++g) {
        const int32_t* row = counts[k]->data() + t.At(g, 0);
        for (int32_t c = 0; c < t.cols; ++c) {
          sums[k][c] += row[c];
        }
      }
      visited[k]->resize(col.size());
      for (size_t i = 0; i < col.size(); ++i) {
        (*visited[k])[i] = sums[k][col[i]];
      }
    }
  }
};

// TwoProportionTest without branches (same operations, same result).
inline double TwoProportion(double n, double ns, double rest, double rest_ns) {
  const double a = n + 1.0, b = rest + 1.0, x = ns + 1.0, y = rest_ns + 1.0;
  const double pooled = (a + b) / (x + y);
  const double denominator = std::sqrt(pooled * (1 - pooled) * (1 / x + 1 / y));
  const double z = (a / x - b / y) / denominator;
  const bool defined = (pooled != 1.0) & (denominator > 0);
  return defined ? z : 0.0;
}

// Built twice on x86-64: for the baseline and for AVX2, chosen at load time.
#if defined(__x86_64__) && defined(__GNUC__)
#define PLENARY_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define PLENARY_AVX2_CLONES
#endif

// Group g's statistics for every column (see GroupStats), with ra * rat * pa * pat (`metric`) and
// pa * pat (`odds`). The arrays never overlap.
PLENARY_AVX2_CLONES void FillGroupStats(
    int32_t cols, const int32_t* __restrict agree, const int32_t* __restrict disagree,
    const int32_t* __restrict seen, const int32_t* __restrict all_agree,
    const int32_t* __restrict all_disagree, const int32_t* __restrict all_seen,
    double* __restrict pa, double* __restrict pd, double* __restrict pat, double* __restrict pdt,
    double* __restrict ra, double* __restrict rd, double* __restrict rat, double* __restrict rdt,
    double* __restrict metric, double* __restrict odds) {
  for (int32_t c = 0; c < cols; ++c) {
    const double na = agree[c], nd = disagree[c], ns = seen[c];
    const double rest_na = all_agree[c] - agree[c];
    const double rest_nd = all_disagree[c] - disagree[c];
    const double rest_ns = all_seen[c] - seen[c];
    const double p_a = (na + 1.0) / (ns + 2.0);
    const double p_d = (nd + 1.0) / (ns + 2.0);
    const double root = std::sqrt(ns + 1.0);
    const double p_at = 2.0 * root * ((na + 1.0) / (ns + 1.0) - 0.5);
    const double r_a = p_a / ((rest_na + 1.0) / (rest_ns + 2.0));
    const double r_at = TwoProportion(na, ns, rest_na, rest_ns);
    pa[c] = p_a;
    pd[c] = p_d;
    pat[c] = p_at;
    pdt[c] = 2.0 * root * ((nd + 1.0) / (ns + 1.0) - 0.5);
    ra[c] = r_a;
    rd[c] = p_d / ((rest_nd + 1.0) / (rest_ns + 2.0));
    rat[c] = r_at;
    rdt[c] = TwoProportion(nd, ns, rest_nd, rest_ns);
    metric[c] = r_a * r_at * p_a * p_at;
    odds[c] = p_a * p_at;
  }
}

// Group g's statistics for every visited column (in visiting order) against the sum of the other
// groups, computed for all columns at once (a loop the compiler vectorises) with exactly
// ComputeCommentStats' operations, with the products the best-agree choice compares (the same
// operations as repness.clj's).
struct GroupStats {
  // Arrays written in full before they are read: allocated without clearing them (a cleared
  // vector costs a pass of writes over some 100 KB per array).
  template <typename T>
  using Array = std::unique_ptr<T[]>;
  Array<int32_t> agree, disagree, seen;  // the group's tallies
  Array<double> pa, pd, pat, pdt, ra, rd, rat, rdt;
  Array<double> agree_metric;  // ra * rat * pa * pat
  Array<double> agree_odds;    // pa * pat

  GroupStats(const GroupTallies& t, const Visit& visit, int g) {
    const size_t n = visit.col.size();
    for (auto* v : {&agree, &disagree, &seen}) {
      *v = std::make_unique_for_overwrite<int32_t[]>(n);
    }
    for (size_t i = 0; i < n; ++i) {
      const size_t at = t.At(g, visit.col[i]);
      agree[i] = t.agree[at];
      disagree[i] = t.disagree[at];
      seen[i] = t.seen[at];
    }
    for (auto* v : {&pa, &pd, &pat, &pdt, &ra, &rd, &rat, &rdt, &agree_metric, &agree_odds}) {
      *v = std::make_unique_for_overwrite<double[]>(n);
    }
    Fill(visit);
  }

  // The loop, built twice (FillGroupStats): for the baseline and for AVX2 (chosen when the
  // processor has it; four lanes instead of two for the divisions and square roots). Without FMA in
  // the clone's target nothing is contracted, so both give the same values.
  void Fill(const Visit& visit) {
    FillGroupStats(static_cast<int32_t>(visit.col.size()), agree.get(), disagree.get(), seen.get(),
                   visit.agree.data(), visit.disagree.data(), visit.seen.data(), pa.get(), pd.get(),
                   pat.get(), pdt.get(), ra.get(), rd.get(), rat.get(), rdt.get(),
                   agree_metric.get(), agree_odds.get());
  }

  // The statistics of the i-th visited column.
  CommentStats At(size_t i) const {
    CommentStats s;
    s.na = agree[i];
    s.nd = disagree[i];
    s.ns = seen[i];
    s.pa = pa[i];
    s.pd = pd[i];
    s.pat = pat[i];
    s.pdt = pdt[i];
    s.ra = ra[i];
    s.rd = rd[i];
    s.rat = rat[i];
    s.rdt = rdt[i];
    return s;
  }
};

// The best few significant comments so far, by metric (descending), ties in visiting order: what
// the first entries of a stable sort of all of them would be.
class TopComments {
 public:
  explicit TopComments(size_t capacity) : capacity_(capacity) {}

  // Whether a comment whose Metric is `metric` (offered next, so last among equal keys) would
  // be kept: the selection builds the comment only then.
  bool Admits(double metric) const {
    return entries_.size() < capacity_ || -metric < entries_.back().key;
  }

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

// Runs the selection for one group over the visited columns.
std::vector<RepComment> SelectForGroup(const GroupTallies& t, const Visit& visit, int g) {
  // Five are kept, after leaving out the best-agree comment: six candidates suffice.
  TopComments sufficient(6);
  std::optional<RepComment> best;
  // The best-agree comment so far (BeatsBestAgree's comparisons on the precomputed products).
  int32_t best_agree_col = -1;
  size_t best_agree_at = 0;
  double best_ra = 0, best_metric = 0, best_odds = 0;
  const GroupStats stats(t, visit, g);
  const size_t n = visit.col.size();
  // The significant comments (z > kZ90 on both tests of a side), listed without a branch (which
  // comments are significant is not predictable), then offered in visiting order: only those
  // that make the top six (rare once the selection is under way) are built.
  const auto significant = std::make_unique_for_overwrite<uint32_t[]>(n);
  size_t count = 0;
  for (size_t i = 0; i < n; ++i) {
    significant[count] = static_cast<uint32_t>(i);
    count += static_cast<size_t>(((stats.rat[i] > kZ90) & (stats.pat[i] > kZ90)) |
                                 ((stats.rdt[i] > kZ90) & (stats.pdt[i] > kZ90)));
  }
  for (size_t k = 0; k < count; ++k) {
    const size_t i = significant[k];
    // Finalize's side and Metric's product, computed first (the same operations); the side is
    // picked without a branch.
    const double side[2] = {stats.rd[i] * stats.rdt[i] * stats.pd[i] * stats.pdt[i],
                            stats.agree_metric[i]};
    const double metric = side[stats.rat[i] > stats.rdt[i] ? 1 : 0];
    if (sufficient.Admits(metric)) {
      sufficient.Offer(Finalize(visit.col[i], stats.At(i)), k);
    }
  }
  const bool any_sufficient = count > 0;
  // Without a significant comment, the one with the largest max(rat, rdt) (the first of equals).
  for (size_t i = 0; i < n && !any_sufficient; ++i) {
    if (!best || std::max(stats.rat[i], stats.rdt[i]) > best->repness_test) {
      best = Finalize(visit.col[i], stats.At(i));
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (stats.agree[i] == 0 && stats.disagree[i] == 0) {
      continue;
    }
    const bool beats = best_agree_col < 0
                           ? stats.pat[i] > kZ90 || (stats.ra[i] > 1.0 && stats.pa[i] > 0.5)
                       : best_ra > 1.0 ? stats.agree_metric[i] > best_metric
                                       : stats.agree_odds[i] > best_odds;
    if (beats) {
      best_agree_col = visit.col[i];
      best_agree_at = i;
      best_ra = stats.ra[i];
      best_metric = stats.agree_metric[i];
      best_odds = stats.agree_odds[i];
    }
  }
  std::optional<CommentStats> best_agree;
  if (best_agree_col >= 0) {
    best_agree = stats.At(best_agree_at);
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
                             int groups, int threads, const ColumnTotals* totals,
                             const VoteOverlay* overlay) {
  if (overlay != nullptr && overlay->empty()) {
    overlay = nullptr;
  }
  GroupTallies t;
  t.groups = groups;
  t.cols = matrix.cols;
  const size_t cols = matrix.cols;
  const size_t cells = static_cast<size_t>(groups) * cols;
  t.members.assign(groups, 0);
  std::vector<uint64_t> votes(groups, 0);
  for (int32_t r = 0; r < matrix.rows; ++r) {
    if (group_of[r] >= 0) {
      ++t.members[group_of[r]];
      votes[group_of[r]] += matrix.RowLength(r) + (overlay != nullptr ? overlay->added[r] : 0);
    }
  }
  // With the column totals, the group with the most votes is not counted: its tallies are the
  // totals less the other groups' and the ungrouped rows' (integers: exactly a count's). The
  // ungrouped rows take its slot of counters; the groups after it move down one.
  const int derived =
      totals != nullptr && groups > 1
          ? static_cast<int>(std::max_element(votes.begin(), votes.end()) - votes.begin())
          : -1;
  auto slot = [&](int32_t g) {
    return derived < 0 ? g : g < 0 ? groups - 1 : g < derived ? g : g == derived ? -1 : g - 1;
  };
  // Counts are integers, so any split adds up to the same tallies: one block per thread (each
  // block's counters are 3 x groups x columns integers, to clear and add up).
  const int blocks = std::min(BlockCount(matrix), std::max(1, threads));
  const std::vector<int32_t> bounds = SplitRowsByVotes(matrix, blocks);
  // One counter per (slot, column, vote value): a single increment per vote.
  std::vector<std::vector<int32_t>> partial(blocks);
  RunTasks(blocks, threads, [&](int b) {
    std::vector<int32_t>& count = partial[b];
    count.assign(3 * cells, 0);
    for (int32_t r = bounds[b]; r < bounds[b + 1]; ++r) {
      const int32_t s = slot(group_of[r]);
      if (s < 0) {
        continue;
      }
      // Votes are -1, 0 or 1 (vote_matrix.h): the vote itself picks the counter.
      int32_t* base = count.data() + 3 * static_cast<size_t>(s) * cols + 1;
      for (uint64_t k = matrix.row_start[r]; k < matrix.row_start[r + 1]; ++k) {
        ++base[3 * static_cast<size_t>(matrix.col[k]) + matrix.value[k]];
      }
      // The overlay's cells: the matrix's value (counted above) out, the cell's in.
      for (uint32_t i = overlay != nullptr ? overlay->row_start[r] : 0;
           overlay != nullptr && i < overlay->row_start[r + 1]; ++i) {
        int32_t* cell = base + 3 * static_cast<size_t>(overlay->col[i]);
        if (overlay->base[i] != CellChange::kAbsent) {
          --cell[overlay->base[i]];
        }
        ++cell[overlay->value[i]];
      }
    }
  });
  // The blocks' counts added up (integers: any order gives the same sums).
  t.agree.resize(cells);
  t.disagree.resize(cells);
  t.seen.resize(cells);
  // By ranges of columns: each column's groups in slot order, the derived group last (from the
  // totals less what the other slots counted).
  auto add_blocks = [&](size_t at, int64_t* count) {
    for (int b = 0; b < blocks; ++b) {
      for (int v = 0; v < 3; ++v) {
        count[v] += partial[b][3 * at + v];
      }
    }
  };
  constexpr size_t kRange = 1024;
  const int ranges = static_cast<int>((cols + kRange - 1) / kRange);
  RunTasks(ranges, blocks > 1 ? threads : 1, [&](int range) {
    for (size_t c = range * kRange; c < std::min(cols, (range + 1) * kRange); ++c) {
      int64_t others[3] = {0, 0, 0};
      for (int s = 0; s < groups; ++s) {
        int64_t count[3] = {0, 0, 0};
        add_blocks(s * cols + c, count);
        for (int v = 0; v < 3; ++v) {
          others[v] += count[v];
        }
        const int g = derived < 0 || s < derived ? s : s + 1;  // the group of slot s
        if (g < groups) {
          const size_t i = g * cols + c;
          t.disagree[i] = static_cast<int32_t>(count[0]);
          t.agree[i] = static_cast<int32_t>(count[2]);
          t.seen[i] = static_cast<int32_t>(count[0] + count[1] + count[2]);
        }
      }
      if (derived >= 0) {
        const size_t i = derived * cols + c;
        t.disagree[i] = static_cast<int32_t>(totals->disagree[c] - others[0]);
        t.agree[i] = static_cast<int32_t>(totals->agree[c] - others[2]);
        t.seen[i] = static_cast<int32_t>(totals->seen[c] - others[0] - others[1] - others[2]);
      }
    }
  });
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

std::vector<std::vector<RepComment>> SelectRepComments(
    const GroupTallies& tallies, std::span<const uint8_t> mod_out, std::span<const int32_t> order,
    int threads, std::span<const std::function<void()>> beside) {
  std::vector<std::vector<RepComment>> result(tallies.groups);
  const Visit visit(tallies, mod_out, order);
  // Below some 16k (group, comment) pairs the selection takes microseconds, less than waking a
  // helper thread.
  constexpr int64_t kPairsForThreads = 16'384;
  const int64_t pairs = static_cast<int64_t>(tallies.groups) * tallies.cols;
  const int groups = tallies.groups;
  RunTasks(groups + static_cast<int>(beside.size()), pairs < kPairsForThreads ? 1 : threads,
           [&](int task) {
             if (task < groups) {
               result[task] = SelectForGroup(tallies, visit, task);
             } else {
               beside[task - groups]();
             }
           });
  return result;
}

}  // namespace plenary::opinion
