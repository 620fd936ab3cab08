#include "engines/opinion/conversation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "engines/opinion/clean_start.h"
#include "engines/opinion/parallel.h"

namespace plenary::opinion {
namespace {

// Batches of at most 1/16 of the votes merge in place (one thread, no fresh memory), larger ones
// rebuild the matrix (two threads). An incremental update's batch joins the overlay instead,
// which moves into the matrix once it holds more than 1/16 of the votes: one merge for several
// batches.
constexpr size_t kInPlaceMergeRatio = 16;

// The tallies of one group holding everyone in `tallies`' groups.
GroupTallies SumOverGroups(const GroupTallies& tallies) {
  GroupTallies sum;
  sum.groups = 1;
  sum.cols = tallies.cols;
  sum.agree.assign(tallies.cols, 0);
  sum.disagree.assign(tallies.cols, 0);
  sum.seen.assign(tallies.cols, 0);
  sum.members.assign(1, 0);
  for (int g = 0; g < tallies.groups; ++g) {
    sum.members[0] += tallies.members[g];
    for (int32_t c = 0; c < tallies.cols; ++c) {
      sum.agree[c] += tallies.agree[tallies.At(g, c)];
      sum.disagree[c] += tallies.disagree[tallies.At(g, c)];
      sum.seen[c] += tallies.seen[tallies.At(g, c)];
    }
  }
  return sum;
}

}  // namespace

Conversation::Conversation(ConversationOptions options) : options_(std::move(options)) {}

bool Conversation::AddVote(int64_t participant_id, int64_t comment_id, Vote vote) {
  const int32_t row = participants_.Intern(participant_id, options_.max_participants);
  if (row < 0) {
    return false;
  }
  const int32_t col = comments_.Intern(comment_id, options_.max_comments);
  if (col < 0) {
    return false;
  }
  log_.Add(row, col, static_cast<int8_t>(vote));
  return true;
}

size_t Conversation::AddVotes(std::span<const int64_t> participant_ids,
                              std::span<const int64_t> comment_ids, std::span<const Vote> votes) {
  const size_t count = std::min({participant_ids.size(), comment_ids.size(), votes.size()});
  const size_t old = log_.size();
  log_.row.resize(old + count);
  log_.col.resize(old + count);
  log_.value.resize(old + count);
  uint32_t* rows = log_.row.data();
  uint32_t* cols = log_.col.data();
  int8_t* values = log_.value.data();
  size_t w = old;
  for (size_t i = 0; i < count; ++i) {
    const int32_t row = participants_.Intern(participant_ids[i], options_.max_participants);
    if (row < 0) {
      continue;
    }
    const int32_t col = comments_.Intern(comment_ids[i], options_.max_comments);
    if (col < 0) {
      continue;
    }
    rows[w] = static_cast<uint32_t>(row);
    cols[w] = static_cast<uint32_t>(col);
    values[w] = static_cast<int8_t>(votes[i]);
    ++w;
  }
  log_.row.resize(w);
  log_.col.resize(w);
  log_.value.resize(w);
  return w - old;
}

void Conversation::SetModeration(int64_t comment_id, int moderated, bool is_meta) {
  moderation_[comment_id] = (moderated == -1 || is_meta ? 1 : 0) | (is_meta ? 2 : 0);
  moderation_changed_ = true;
}

void Conversation::ReserveVotes(size_t count) {
  log_.row.reserve(log_.size() + count);
  log_.col.reserve(log_.size() + count);
  log_.value.reserve(log_.size() + count);
}

void Conversation::ResetAnalysis() {
  analysis_ = Analysis();
  outside_.clear();
  group_state_ = GroupState();
  base_points_ = BasePoints();
  analysed_ = false;
  tallies_stale_ = false;
}

void Conversation::ApplyVotes() {
  MergeLog(nullptr, false);
}

const VoteMatrix& Conversation::matrix() const {
  Compact();
  return matrix_;
}

void Conversation::Compact() const {
  if (!overlay_.empty()) {
    CompactOverlay(matrix_, overlay_, options_.threads);
    moderated_votes_.clear();
    columns_.Clear();
  }
}

void Conversation::MergeLog(std::vector<CellChange>* changes, bool beside) {
  if (!beside) {
    Compact();
  }
  if (log_.size() == 0 && matrix_.rows == static_cast<int32_t>(participants_.size())) {
    return;
  }
  // Votes merged here, outside Update, are missing from the group tallies carried over.
  tallies_stale_ = tallies_stale_ || (analysed_ && log_.size() > 0);
  const auto rows = static_cast<int32_t>(participants_.size());
  const auto cols = static_cast<int32_t>(comments_.size());
  if (beside && matrix_.nnz() > 0 && log_.size() <= matrix_.nnz() / kInPlaceMergeRatio) {
    AddToOverlay(matrix_, overlay_, log_, rows, cols, totals_, changes, options_.threads,
                 &overlay_scratch_);
    if (overlay_.size() > matrix_.nnz() / kInPlaceMergeRatio) {
      Compact();
    }
  } else if (matrix_.nnz() > 0 && log_.size() <= matrix_.nnz() / kInPlaceMergeRatio) {
    Compact();
    moderated_votes_.clear();
    columns_.Clear();
    MergeVotesInPlace(matrix_, log_, rows, cols, totals_, changes);
  } else {
    Compact();
    moderated_votes_.clear();
    columns_.Clear();
    if (changes != nullptr) {
      *changes = PendingChanges(matrix_, log_, options_.threads);
    }
    matrix_ = MergeVotes(matrix_, log_, rows, cols, totals_, options_.threads);
  }
  log_.Clear();
  log_.row.shrink_to_fit();
  log_.col.shrink_to_fit();
  log_.value.shrink_to_fit();
  RefreshModeration();
}

void Conversation::RefreshModeration() {
  // The flags depend on the moderation and on which comments have columns (ids keep theirs).
  if (!moderation_changed_ && mod_out_.size() == static_cast<size_t>(matrix_.cols)) {
    return;
  }
  moderation_changed_ = false;
  moderated_votes_.clear();
  mod_out_.assign(matrix_.cols, 0);
  is_meta_.assign(matrix_.cols, 0);
  for (const auto& [id, flags] : moderation_) {
    const int32_t c = comments_.Find(id);
    if (c >= 0 && c < matrix_.cols) {
      mod_out_[c] = flags & 1;
      is_meta_[c] = (flags >> 1) & 1;
    }
  }
}

const std::vector<int32_t>& Conversation::CommentOrder() const {
  // Comments keep their index and id, so the order only changes when comments are added.
  if (comment_order_.size() != static_cast<size_t>(matrix_.cols)) {
    comment_order_.resize(matrix_.cols);
    std::iota(comment_order_.begin(), comment_order_.end(), 0);
    std::sort(comment_order_.begin(), comment_order_.end(),
              [&](int32_t a, int32_t b) { return comments_.id(a) < comments_.id(b); });
  }
  return comment_order_;
}

void Conversation::UpdateInConversation() {
  std::vector<uint8_t>& in = analysis_.in_conv;
  // The set never shrinks: only the rows left out last time and the new ones can join (a
  // million rows' loop took 0.8-1 ms an update when every row was in).
  for (auto r = static_cast<int32_t>(in.size()); r < matrix_.rows; ++r) {
    outside_.push_back(r);
  }
  in.resize(matrix_.rows, 0);
  const size_t threshold = std::min<size_t>(options_.in_conv_min_votes, matrix_.cols);
  const auto joins = [&](int32_t r) {
    in[r] = RowVotes(r) >= threshold ? 1 : 0;
    return in[r] != 0;
  };
  outside_.erase(std::remove_if(outside_.begin(), outside_.end(), joins), outside_.end());
  size_t count = in.size() - outside_.size();
  const size_t want = std::min<size_t>(options_.in_conv_min_size, matrix_.rows);
  if (count >= want) {
    return;
  }
  std::vector<int32_t> rest = outside_;
  std::sort(rest.begin(), rest.end(), [&](int32_t a, int32_t b) {
    if (RowVotes(a) != RowVotes(b)) {
      return RowVotes(a) > RowVotes(b);
    }
    return participants_.id(a) < participants_.id(b);
  });
  for (size_t i = 0; count < want && i < rest.size(); ++i, ++count) {
    in[rest[i]] = 1;
  }
  outside_.erase(
      std::remove_if(outside_.begin(), outside_.end(), [&](int32_t r) { return in[r] != 0; }),
      outside_.end());
}

const std::vector<int32_t>& Conversation::RowsById() {
  // New rows are sorted among themselves, then merged into the order kept from before.
  const size_t known = rows_by_id_.size();
  if (known == static_cast<size_t>(matrix_.rows)) {
    return rows_by_id_;
  }
  const auto by_id = [&](int32_t a, int32_t b) {
    return participants_.id(a) < participants_.id(b);
  };
  for (int32_t r = static_cast<int32_t>(known); r < matrix_.rows; ++r) {
    rows_by_id_.push_back(r);
  }
  std::sort(rows_by_id_.begin() + static_cast<ptrdiff_t>(known), rows_by_id_.end(), by_id);
  std::inplace_merge(rows_by_id_.begin(), rows_by_id_.begin() + static_cast<ptrdiff_t>(known),
                     rows_by_id_.end(), by_id);
  return rows_by_id_;
}

void Conversation::ClusterParticipants(bool incremental) {
  // A warm start: the last run's clusters (their member lists lend their memory to the new ones,
  // cleared: the sizes change little from one update to the next, so ~100 allocations an update
  // fewer), and each cluster id's position among them.
  const bool warm = !analysis_.base_clusters.empty();
  std::vector<Cluster> previous;
  std::vector<int32_t> slot;
  if (warm) {
    int32_t max_id = 0;
    for (Cluster& c : analysis_.base_clusters) {
      c.members.clear();
      previous.push_back({c.id, c.center, std::move(c.members)});
      max_id = std::max(max_id, c.id);
    }
    slot.assign(static_cast<size_t>(max_id) + 1, -1);
    for (size_t k = 0; k < previous.size(); ++k) {
      slot[previous[k].id] = static_cast<int32_t>(k);
    }
  }
  const auto slot_of = [&slot](int32_t id) {
    return id >= 0 && static_cast<size_t>(id) < slot.size() ? slot[id] : -1;
  };
  // Points in participant-id order, so that the cold start (the first distinct points) depends
  // on the votes only, not on the order in which they arrived. In the same walk the last run's
  // points find their positions (their rows are a subsequence of these: the in-conversation set
  // only grows and keeps its order) and each point its last cluster's position (`label`).
  const std::vector<int32_t>& before = base_points_.rows;
  std::vector<int32_t> rows, moved_to, label;
  std::vector<Point> points;
  // When no participant joined the conversation, its rows are the last run's in the same order
  // (the set only grows and has as many rows as before): the points and labels are filled by
  // ranges of them, on two threads from 65,536 points (a million points' walk took ~7 ms on one).
  const bool same_rows = warm && analysis_.in_conv.size() - outside_.size() == before.size();
  if (same_rows) {
    rows = std::move(base_points_.rows);  // (CarryBounds reads the last run's points, not rows)
    const size_t n = rows.size();
    points.resize(n);
    label.resize(n);
    constexpr int kRanges = 8;
    constexpr size_t kPointsForThreads = 65'536;
    RunTasks(kRanges, n < kPointsForThreads ? 1 : options_.threads, [&](int b) {
      for (size_t p = n * b / kRanges; p < n * (b + 1) / kRanges; ++p) {
        points[p] = analysis_.projection[rows[p]];
        label[p] = slot_of(base_points_.cluster[p]);
      }
    });
    // (Every point keeps its position: moved_to, the identity, is filled only if bounds are
    // carried.)
  } else {
    moved_to.assign(warm ? before.size() : 0, -1);
    rows.reserve(matrix_.rows);
    points.reserve(matrix_.rows);  // (not cleared first: 16 MB at a million points)
    label.reserve(warm ? matrix_.rows : 0);
    size_t q = 0;
    for (const int32_t r : RowsById()) {
      if (!analysis_.in_conv[r]) {
        continue;
      }
      const auto p = static_cast<int32_t>(rows.size());
      rows.push_back(r);
      points.push_back(analysis_.projection[r]);
      if (warm) {
        const bool known = q < before.size() && before[q] == r;
        label.push_back(known ? slot_of(base_points_.cluster[q]) : -1);
        if (known) {
          moved_to[q++] = p;
        }
      }
    }
    if (warm && q < before.size()) {  // not a subsequence after all: positions by a table
      moved_to = NewPositions(before, rows, matrix_.rows);
      label.assign(points.size(), -1);
      for (size_t k = 0; k < moved_to.size(); ++k) {
        if (moved_to[k] >= 0) {
          label[moved_to[k]] = slot_of(base_points_.cluster[k]);
        }
      }
    }
  }
  const int steps = incremental
                        ? std::min(options_.base_iterations, options_.incremental_base_steps)
                        : options_.base_iterations;
  std::vector<Cluster> start;
  CarriedBounds carried;
  if (!warm) {
    start = FirstDistinctClusters(points, options_.base_k);
  } else {
    start = CleanStartClustersFromLabels(points, label, std::move(previous), options_.base_k);
    // (An incremental update's single step does without them: 1M_x_10k ~5 ms spared.)
    if (ReadsCarriedBounds(points.size(), start.size(), steps)) {
      if (same_rows) {
        moved_to.resize(points.size());
        std::iota(moved_to.begin(), moved_to.end(), 0);
      }
      carried = CarryBounds(base_points_, moved_to, points, start, analysis_.base_clusters,
                            options_.threads);
    }
  }
  // The run gives each point's cluster id and its bounds for the next update, and lists the
  // members by row.
  KMeansOptions kmeans{steps, 0.01, options_.threads, &analysis_.base_steps, &carried};
  kmeans.bounds_by_id = true;
  kmeans.member_ids = rows;
  std::vector<Cluster> base = RunKMeans(points, {}, std::move(start), kmeans);
  base_points_ = KeepBasePoints(std::move(rows), std::move(points), std::move(carried));
  analysis_.base_clusters = std::move(base);
  AssignGroups(ChooseGroups(analysis_.base_clusters, options_.groups, group_state_));
}

void Conversation::AssignGroups(const GroupChoice& choice) {
  analysis_.groups = choice.groups;
  analysis_.k = static_cast<int>(choice.groups.size());
  analysis_.best_k = choice.best_k;
  analysis_.silhouette = choice.silhouette;
  // By base cluster id (small: 0..99 and one more per split).
  int32_t max_id = -1;
  for (const Cluster& b : analysis_.base_clusters) {
    max_id = std::max(max_id, b.id);
  }
  std::vector<int32_t> group_of_base(static_cast<size_t>(max_id + 1), -1);
  for (size_t g = 0; g < choice.groups.size(); ++g) {
    for (const int32_t id : choice.groups[g].members) {
      if (id >= 0 && id <= max_id) {
        group_of_base[id] = static_cast<int32_t>(g);
      }
    }
  }
  analysis_.group_of.assign(matrix_.rows, -1);
  for (const Cluster& b : analysis_.base_clusters) {
    const int32_t g = group_of_base[b.id];
    for (const int32_t r : b.members) {
      analysis_.group_of[r] = g;
    }
  }
}

const Analysis& Conversation::Update() {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto lap = [last = start]() mutable {
    const auto now = Clock::now();
    const double seconds = std::chrono::duration<double>(now - last).count();
    last = now;
    return seconds;
  };
  WakeHelpers(options_.threads);  // (asleep since the last update; the merge will want them)
  Analysis::Stages stages;
  PcaOptions pca_options = options_.pca;
  const bool incremental =
      analysed_ && static_cast<double>(log_.size()) <=
                       pca_options.small_batch * static_cast<double>(matrix_.nnz());
  if (incremental) {
    pca_options.max_iterations =
        std::min(pca_options.max_iterations, pca_options.incremental_iterations);
  }
  // The group tallies carry over from the previous update: the cells this batch changes are
  // counted into them now, while the previous groups and values are still known.
  GroupTallies tallies = std::move(analysis_.statistics.tallies);
  // Routing uses the previous update's counts (Polis's quirk Q2), summed over groups then.
  const GroupTallies previous = std::move(routing_);
  const bool carry = analysed_ && !tallies_stale_ && tallies.groups == analysis_.k;
  std::vector<CellChange>& changes = changes_;  // (its memory kept from the last update)
  changes.clear();
  // A batch read by one incremental pass (which projects the rows on the way) joins the overlay.
  MergeLog(carry ? &changes : nullptr, incremental && pca_options.max_iterations == 1);
  RefreshModeration();     // moderation may have changed without new votes
  tallies_stale_ = false;  // carried over with this batch's changes, or recounted below
  if (carry) {
    ResizeTallies(tallies, matrix_.cols);
    ApplyChanges(tallies, changes, analysis_.group_of, options_.threads);
  }
  stages.merge = lap();
  const Pca* warm = analysed_ ? &analysis_.pca : nullptr;
  RowProjection rows;
  rows.rows.sums = std::move(row_sums_memory_);  // (emptied by ComputePca; the memory kept)
  // An incremental pass takes the rows' votes in moderated-out columns from the last one that
  // counted them (the matrix's share) and adds the overlay's on the way.
  const bool moderated_known = !moderated_votes_.empty();
  if (moderated_known) {
    moderated_votes_.resize(matrix_.rows, 0);  // new rows have no votes in the matrix
    rows.rows.moderated = moderated_votes_;
    rows.rows.moderated_count = ModeratedCount::kAddOverlay;
  }
  // The passes read the votes by column too, where they fit: built by a full update (~1 ms on
  // 1.03M votes), read by every update until the matrix changes (incremental ones add their
  // batches from the overlay; after the overlay moves into the matrix they read by row).
  if (!incremental && ColumnVotes::Fits(matrix_) && !columns_.Describes(matrix_)) {
    BuildColumnVotes(matrix_, options_.threads, columns_);
  }
  ColumnVotes* by_column = columns_.Describes(matrix_) ? &columns_ : nullptr;
  Pca pca = ComputePca(matrix_, ColumnMeans(totals_, mod_out_), mod_out_, comments_.ids(), warm,
                       pca_options, &rows, &overlay_, by_column);
  if (!moderated_known && !rows.rows.sums.empty()) {
    moderated_votes_ = rows.rows.moderated;
    CountModeratedCells(overlay_, mod_out_, moderated_votes_, -1);
  }
  analysis_.pca = std::move(pca);
  stages.pca = lap();
  analysis_.participant_ids = participants_.ids();
  analysis_.comment_ids = comments_.ids();
  // A pass over the votes counts each row's moderated votes on the way: the matrix's share, which
  // the next incremental pass then need not count (the overlay is empty after a full update).
  analysis_.projection =
      rows.rows.sums.empty()
          ? ProjectParticipants(matrix_, analysis_.pca, mod_out_, options_.threads,
                                overlay_.empty() ? &moderated_votes_ : nullptr)
          : ProjectFromRows(matrix_, rows, mod_out_, &overlay_, options_.threads,
                            std::move(analysis_.projection));
  row_sums_memory_ = std::move(rows.rows.sums);
  stages.projection = lap();
  UpdateInConversation();
  std::vector<int32_t> previous_groups = std::move(analysis_.group_of);
  ClusterParticipants(incremental);
  stages.clustering = lap();
  // Rows that changed group move their votes; when many did, a recount is quicker.
  const bool movable = carry && tallies.groups == analysis_.k;
  Regrouping regrouping;
  if (movable) {
    regrouping = CompareGroups(previous_groups, analysis_.group_of, analysis_.k);
  }
  if (movable && 4 * regrouping.moved.size() <= analysis_.group_of.size()) {
    MoveRows(tallies, matrix_, std::move(regrouping), previous_groups, analysis_.group_of,
             &overlay_);
  } else {
    tallies = CountGroupVotes(matrix_, analysis_.group_of, analysis_.k, options_.threads, &totals_,
                              &overlay_);
  }
  // The comments' extremity and priorities need neither the selection nor the consensus: they
  // run among their tasks.
  const GroupTallies* routing = analysed_ ? &previous : nullptr;
  analysis_.statistics = StatisticsOf(std::move(tallies), [&](const GroupTallies& now) {
    analysis_.extremity = CommentExtremity(analysis_.pca);
    analysis_.priority =
        CommentPriorities(routing != nullptr ? *routing : now, analysis_.extremity, is_meta_);
    routing_ = SumOverGroups(now);
  });
  stages.statistics = lap();
  analysed_ = true;
  analysis_.stages = stages;
  analysis_.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return analysis_;
}

GroupStatistics Conversation::StatisticsOf(
    GroupTallies tallies, const std::function<void(const GroupTallies&)>& beside) const {
  GroupStatistics stats;
  const std::vector<int32_t>& order = CommentOrder();
  stats.tallies = std::move(tallies);
  // The consensus (from the column totals), GIC and `beside` are tasks among the groups'
  // selections: on 7.9k_x_7.8k they took ~0.2 ms on one thread after the selection's ~0.3.
  const std::function<void()> tasks[] = {
      [&] { stats.consensus = SelectConsensus(totals_, mod_out_, order); },
      [&] { stats.gic = GroupInformedConsensus(stats.tallies); },
      [&] {
        if (beside) {
          beside(stats.tallies);
        }
      }};
  stats.repness = SelectRepComments(stats.tallies, mod_out_, order, options_.threads, tasks);
  return stats;
}

GroupStatistics Conversation::AnalyzeGroups(std::span<const int32_t> group_of, int groups) const {
  return StatisticsOf(
      CountGroupVotes(matrix_, group_of, groups, options_.threads, &totals_, &overlay_));
}

double BaseClusterSquares(const Analysis& analysis) {
  double sum = 0;
  for (const Cluster& c : analysis.base_clusters) {
    for (const int32_t r : c.members) {
      const double dx = analysis.projection[r].x - c.center.x;
      const double dy = analysis.projection[r].y - c.center.y;
      sum += dx * dx + dy * dy;
    }
  }
  return sum;
}

}  // namespace plenary::opinion
