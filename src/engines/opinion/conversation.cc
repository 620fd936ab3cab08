#include "engines/opinion/conversation.h"

#include <algorithm>
#include <chrono>
#include <numeric>

namespace plenary::opinion {

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

void Conversation::SetModeration(int64_t comment_id, int moderated, bool is_meta) {
  moderation_[comment_id] = (moderated == -1 || is_meta ? 1 : 0) | (is_meta ? 2 : 0);
}

void Conversation::ReserveVotes(size_t count) {
  log_.row.reserve(log_.size() + count);
  log_.col.reserve(log_.size() + count);
  log_.value.reserve(log_.size() + count);
}

void Conversation::ResetAnalysis() {
  analysis_ = Analysis();
  group_state_ = GroupState();
  analysed_ = false;
}

void Conversation::ApplyVotes() {
  if (log_.size() == 0 && matrix_.rows == static_cast<int32_t>(participants_.size())) {
    return;
  }
  matrix_ = MergeVotes(matrix_, log_, static_cast<int32_t>(participants_.size()),
                       static_cast<int32_t>(comments_.size()), totals_, options_.threads);
  log_.Clear();
  log_.row.shrink_to_fit();
  log_.col.shrink_to_fit();
  log_.value.shrink_to_fit();
  RefreshModeration();
}

void Conversation::RefreshModeration() {
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

std::vector<int32_t> Conversation::CommentOrder() const {
  std::vector<int32_t> order(matrix_.cols);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int32_t a, int32_t b) { return comments_.id(a) < comments_.id(b); });
  return order;
}

void Conversation::UpdateInConversation() {
  std::vector<uint8_t>& in = analysis_.in_conv;
  in.resize(matrix_.rows, 0);
  const size_t threshold = std::min<size_t>(options_.in_conv_min_votes, matrix_.cols);
  size_t count = 0;
  for (int32_t r = 0; r < matrix_.rows; ++r) {
    if (!in[r] && matrix_.RowLength(r) >= threshold) {
      in[r] = 1;
    }
    count += in[r];
  }
  const size_t want = std::min<size_t>(options_.in_conv_min_size, matrix_.rows);
  if (count >= want) {
    return;
  }
  std::vector<int32_t> rest;
  for (int32_t r = 0; r < matrix_.rows; ++r) {
    if (!in[r]) {
      rest.push_back(r);
    }
  }
  std::sort(rest.begin(), rest.end(), [&](int32_t a, int32_t b) {
    if (matrix_.RowLength(a) != matrix_.RowLength(b)) {
      return matrix_.RowLength(a) > matrix_.RowLength(b);
    }
    return participants_.id(a) < participants_.id(b);
  });
  for (size_t i = 0; count < want && i < rest.size(); ++i, ++count) {
    in[rest[i]] = 1;
  }
}

void Conversation::ClusterParticipants() {
  // Points in participant-id order, so that the cold start (the first distinct points) depends
  // on the votes only, not on the order in which they arrived.
  std::vector<int32_t> rows;
  for (int32_t r = 0; r < matrix_.rows; ++r) {
    if (analysis_.in_conv[r]) {
      rows.push_back(r);
    }
  }
  const auto by_id = [&](int32_t a, int32_t b) {
    return participants_.id(a) < participants_.id(b);
  };
  if (!std::is_sorted(rows.begin(), rows.end(), by_id)) {
    std::sort(rows.begin(), rows.end(), by_id);
  }
  std::vector<Point> points(rows.size());
  std::vector<int32_t> position(matrix_.rows, -1);
  for (size_t p = 0; p < rows.size(); ++p) {
    position[rows[p]] = static_cast<int32_t>(p);
    points[p] = analysis_.projection[rows[p]];
  }
  std::vector<Cluster> start;
  if (analysis_.base_clusters.empty()) {
    start = FirstDistinctClusters(points, options_.base_k);
  } else {
    for (Cluster& c : analysis_.base_clusters) {
      for (int32_t& m : c.members) {
        m = position[m];
      }
    }
    start = CleanStartClusters(points, {}, std::move(analysis_.base_clusters), options_.base_k);
  }
  KMeansOptions kmeans{options_.base_iterations, 0.01, options_.threads, &analysis_.base_steps};
  std::vector<Cluster> base = RunKMeans(points, {}, std::move(start), kmeans);
  for (Cluster& c : base) {
    for (int32_t& m : c.members) {
      m = rows[m];
    }
  }
  analysis_.base_clusters = std::move(base);
  AssignGroups(ChooseGroups(analysis_.base_clusters, options_.groups, group_state_));
}

void Conversation::AssignGroups(const GroupChoice& choice) {
  analysis_.groups = choice.groups;
  analysis_.k = static_cast<int>(choice.groups.size());
  analysis_.best_k = choice.best_k;
  analysis_.silhouette = choice.silhouette;
  std::unordered_map<int32_t, int32_t> group_of_base;
  for (size_t g = 0; g < choice.groups.size(); ++g) {
    for (const int32_t id : choice.groups[g].members) {
      group_of_base[id] = static_cast<int32_t>(g);
    }
  }
  analysis_.group_of.assign(matrix_.rows, -1);
  for (const Cluster& b : analysis_.base_clusters) {
    const int32_t g = group_of_base.at(b.id);
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
  Analysis::Stages stages;
  PcaOptions pca_options = options_.pca;
  if (analysed_ && static_cast<double>(log_.size()) <=
                       pca_options.small_batch * static_cast<double>(matrix_.nnz())) {
    pca_options.max_iterations =
        std::min(pca_options.max_iterations, pca_options.incremental_iterations);
  }
  ApplyVotes();
  RefreshModeration();
  stages.merge = lap();
  const Pca* warm = analysed_ ? &analysis_.pca : nullptr;
  Pca pca = ComputePca(matrix_, ColumnMeans(totals_, mod_out_), mod_out_, comments_.ids(), warm,
                       pca_options);
  analysis_.pca = std::move(pca);
  stages.pca = lap();
  analysis_.participant_ids = participants_.ids();
  analysis_.comment_ids = comments_.ids();
  analysis_.projection = ProjectParticipants(matrix_, analysis_.pca, mod_out_, options_.threads);
  stages.projection = lap();
  UpdateInConversation();
  ClusterParticipants();
  stages.clustering = lap();
  GroupTallies previous = std::move(analysis_.statistics.tallies);
  analysis_.statistics = AnalyzeGroups(analysis_.group_of, analysis_.k);
  analysis_.extremity = CommentExtremity(analysis_.pca);
  analysis_.priority = CommentPriorities(analysed_ ? previous : analysis_.statistics.tallies,
                                         analysis_.extremity, is_meta_);
  stages.statistics = lap();
  analysed_ = true;
  analysis_.stages = stages;
  analysis_.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return analysis_;
}

GroupStatistics Conversation::AnalyzeGroups(std::span<const int32_t> group_of, int groups) const {
  GroupStatistics stats;
  const std::vector<int32_t> order = CommentOrder();
  stats.tallies = CountGroupVotes(matrix_, group_of, groups, options_.threads);
  stats.repness = SelectRepComments(stats.tallies, mod_out_, order);
  stats.consensus = SelectConsensus(totals_, mod_out_, order);
  stats.gic = GroupInformedConsensus(stats.tallies);
  return stats;
}

}  // namespace plenary::opinion
