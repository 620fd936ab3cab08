#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <unordered_map>
#include <vector>

#include "engines/opinion/base_points.h"
#include "engines/opinion/consensus.h"
#include "engines/opinion/groups.h"
#include "engines/opinion/kmeans.h"
#include "engines/opinion/pca.h"
#include "engines/opinion/projection.h"
#include "engines/opinion/repness.h"
#include "engines/opinion/tallies.h"
#include "engines/opinion/vote_matrix.h"
#include "engines/opinion/vote_overlay.h"

namespace plenary::opinion {

struct ConversationOptions {
  // Polis accepts only the first 100,000 participants and 10,000 comments ("customs"); Plenary
  // has no such limit by default. Votes past a cap are dropped for good.
  size_t max_participants = std::numeric_limits<size_t>::max();
  size_t max_comments = std::numeric_limits<size_t>::max();
  int in_conv_min_votes = 7;  // a participant joins I with >= min(7, m) votes
  int in_conv_min_size = 15;  // I is topped up to this many by vote count
  int base_k = 100;
  int base_iterations = 100;
  // An incremental update (a batch of at most `pca.small_batch` x the votes) takes this many
  // Lloyd steps of the base k-means from the last update's clusters (clean-started on the new
  // positions) instead of running Polis's loop to 0.01; the next updates carry on from there, as
  // Polis's group k-means carries its 20 capped steps (quirk Q3). Polis's warm loop takes 6-20
  // steps a batch on the benchmark shapes, drifting by 0.01-0.3 a step; its groups and those
  // after one step agree at ARI 0.996-0.999 over 12 batches (bench/opinion/README.md, round 8).
  // A full update runs the loop.
  int incremental_base_steps = 1;
  GroupOptions groups;
  PcaOptions pca;
  int threads = 2;
};

// The statistics of a grouping: representative comments, consensus and GIC.
struct GroupStatistics {
  GroupTallies tallies;                          // raw counts per group and column
  std::vector<std::vector<RepComment>> repness;  // per group
  Consensus consensus;
  std::vector<double> gic;  // per column
};

// The outcome of one update. Participant and comment indices are dense; `participant_ids` and
// `comment_ids` map them back to external ids.
struct Analysis {
  int k = 0;
  int best_k = 0;
  std::vector<int64_t> participant_ids;
  std::vector<int64_t> comment_ids;
  std::vector<uint8_t> in_conv;
  std::vector<int32_t> group_of;       // per participant; -1 outside the in-conversation set
  std::vector<Point> projection;       // per participant
  std::vector<Cluster> base_clusters;  // members are participant indices
  std::vector<Cluster> groups;         // members are base-cluster ids
  std::vector<double> silhouette;      // by k
  int base_steps = 0;                  // k-means steps of the base clustering
  Pca pca;
  GroupStatistics statistics;
  std::vector<double> extremity;  // per column
  std::vector<double> priority;   // per column
  double seconds = 0;             // the update's own time, loading excluded
  // Where the time went: merging new votes, PCA, projection, clustering, statistics.
  struct Stages {
    double merge = 0, pca = 0, projection = 0, clustering = 0, statistics = 0;
  } stages;
};

// A conversation's opinion map, kept up to date as votes arrive. Not thread-safe; Update() uses
// `options.threads` threads internally and gives the same result for any thread count.
class Conversation {
 public:
  explicit Conversation(ConversationOptions options = {});

  // Records a vote; it takes effect at the next Update or ApplyVotes, after the votes recorded
  // before it (a later vote on the same cell wins). Returns false when a cap dropped it.
  bool AddVote(int64_t participant_id, int64_t comment_id, Vote vote);

  // AddVote for each i in order (the bulk form, for loading: no call per vote). The spans have
  // equal sizes. Returns how many votes were recorded.
  size_t AddVotes(std::span<const int64_t> participant_ids, std::span<const int64_t> comment_ids,
                  std::span<const Vote> votes);

  // Moderation: a comment is moderated out when `moderated` is -1 or it is meta. Its column is
  // zeroed for everyone in R' (PCA, projection, repness, consensus); GIC and counts use raw R.
  void SetModeration(int64_t comment_id, int moderated, bool is_meta);

  // Makes room for `count` more pending votes (saves the log's regrowth on bulk loads).
  void ReserveVotes(size_t count);

  // Merges pending votes into the matrix without analysing.
  void ApplyVotes();

  // Forgets the previous update's state (warm starts, k-smoother, in-conversation set), so that
  // the next Update is a cold, full one. The votes stay.
  void ResetAnalysis();

  // Merges pending votes, then runs the whole pipeline, warm-started from the previous update
  // (PCA axes, base clusters, group clusters per k, k-smoother, in-conversation set).
  const Analysis& Update();

  // Statistics for groups given from outside (group_of[participant index] in [0, groups) or -1),
  // instead of the clustering. Call after ApplyVotes or Update.
  GroupStatistics AnalyzeGroups(std::span<const int32_t> group_of, int groups) const;

  // The merged votes. An incremental update keeps its batch beside the matrix (vote_overlay.h)
  // until the overlay grows past 1/16 of the votes; this first moves such cells into the matrix.
  const VoteMatrix& matrix() const;
  const IdIndex& participants() const { return participants_; }
  const IdIndex& comments() const { return comments_; }
  const Analysis& analysis() const { return analysis_; }
  size_t pending_votes() const { return log_.size(); }

 private:
  // ApplyVotes, and when `changes` is given, the cells it changed (see PendingChanges). With
  // `beside`, a small batch joins the overlay instead of the matrix.
  void MergeLog(std::vector<CellChange>* changes, bool beside);
  // Moves the overlay's cells into the matrix (a change of the matrix, not of the votes).
  void Compact() const;
  // The matrix's and the overlay's votes on row r.
  size_t RowVotes(int32_t r) const { return matrix_.RowLength(r) + overlay_.Added(r); }
  void RefreshModeration();
  void UpdateInConversation();
  const std::vector<int32_t>& RowsById();
  void ClusterParticipants(bool incremental);
  void AssignGroups(const GroupChoice& choice);
  const std::vector<int32_t>& CommentOrder() const;
  // The statistics of `tallies`; `beside` (given them) runs among the selection's tasks.
  GroupStatistics StatisticsOf(GroupTallies tallies,
                               const std::function<void(const GroupTallies&)>& beside = {}) const;

  ConversationOptions options_;
  IdIndex participants_;
  IdIndex comments_;
  VoteLog log_;
  // The votes: the matrix with the overlay's cells in place of or beside its own. Compacting the
  // overlay into the matrix changes neither, so matrix() const may do it.
  mutable VoteMatrix matrix_;
  mutable VoteOverlay overlay_;
  // The matrix's votes by column for a full update's passes (gram_columns.h), on matrices that
  // fit them: built by the first full update that finds them missing, cleared when the matrix
  // changes (its memory kept).
  mutable ColumnVotes columns_;
  // Memory kept from one update to the next for the overlay merge, the cells a batch changes and
  // the rows' sums: fresh arrays each update cost a page fault per 4 KB (~10 microseconds on this
  // project's VMs), 100-250 ms an update on 1M_x_10k.
  OverlayScratch overlay_scratch_;
  std::vector<CellChange> changes_;
  std::vector<double> row_sums_memory_;
  // Each matrix row's votes in moderated-out columns, kept from an incremental PCA pass that
  // counted them for the next ones (which then skip the count); empty when unknown (cleared when
  // the matrix or the moderation changes).
  mutable std::vector<int32_t> moderated_votes_;
  ColumnTotals totals_;
  std::unordered_map<int64_t, uint8_t> moderation_;  // comment id -> bit 0 mod-out, bit 1 meta
  bool moderation_changed_ = false;                  // since mod_out_ and is_meta_ were set
  std::vector<uint8_t> mod_out_;
  std::vector<uint8_t> is_meta_;
  bool analysed_ = false;
  bool tallies_stale_ = false;  // votes merged outside Update since the last one
  // The group tallies summed over the groups as the last update left them: the next update's
  // comment routing (Polis's quirk Q2), summed while the last update's statistics ran.
  GroupTallies routing_;
  GroupState group_state_;
  Analysis analysis_;
  mutable std::vector<int32_t> comment_order_;  // column indices by comment id
  std::vector<int32_t> rows_by_id_;             // row indices by participant id
  std::vector<int32_t> outside_;                // rows outside the in-conversation set, ascending
  BasePoints base_points_;  // the base k-means' points, clusters and bounds, for the next update
};

// The base k-means' objective: the squared distances of the clustered participants to their
// base clusters' centers (how tight the clusters are; a full update's loop minimises it).
double BaseClusterSquares(const Analysis& analysis);

}  // namespace plenary::opinion
