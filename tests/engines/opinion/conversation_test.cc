#include "engines/opinion/conversation.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

#include <gtest/gtest.h>

#include "engines/opinion/agreement.h"
#include "planted.h"

namespace plenary::opinion {
namespace {

void AddAll(const testing::Planted& planted, Conversation& conversation) {
  for (const auto& v : planted.votes) {
    conversation.AddVote(v.participant, v.comment, v.vote);
  }
}

// ARI between the analysis groups and the planted groups, over clustered participants.
double AriWithPlanted(const Analysis& a, const testing::Planted& planted) {
  std::vector<int32_t> ours, truth;
  for (size_t r = 0; r < a.group_of.size(); ++r) {
    if (a.group_of[r] >= 0) {
      ours.push_back(a.group_of[r]);
      truth.push_back(planted.group[a.participant_ids[r]]);
    }
  }
  return AdjustedRandIndex(ours, truth);
}

// Adds planted votes [begin, end) to `conversation` (to the last when `end` is past it).
void AddVotes(Conversation& conversation, const testing::Planted& planted, size_t begin,
              size_t end = std::numeric_limits<size_t>::max()) {
  for (size_t i = begin; i < std::min(end, planted.votes.size()); ++i) {
    const auto& v = planted.votes[i];
    conversation.AddVote(v.participant, v.comment, v.vote);
  }
}

TEST(Conversation, SeparatesPlantedGroups) {
  const testing::Planted planted = testing::MakePlanted(1500, 60, 3, 0.4, 0.8, 2);
  Conversation conversation;
  AddAll(planted, conversation);
  const Analysis& a = conversation.Update();
  EXPECT_EQ(a.k, 3);
  EXPECT_GT(AriWithPlanted(a, planted), 0.95);
  EXPECT_EQ(a.statistics.repness.size(), 3u);
  for (const auto& group : a.statistics.repness) {
    EXPECT_FALSE(group.empty());
  }
}

TEST(Conversation, InConversationSetFollowsPolisRules) {
  Conversation conversation;
  // 20 participants; participant p votes on the first p % 10 comments of 10.
  for (int p = 0; p < 20; ++p) {
    for (int c = 0; c < p % 10; ++c) {
      conversation.AddVote(p, c, Vote::kAgree);
    }
  }
  const Analysis& a = conversation.Update();
  // m = 9, so the threshold is 7 votes: p = 7, 8, 9, 17, 18, 19. Topped up to 15 by vote count,
  // ties by id: 6, 16 (6 votes), 5, 15, 4, 14, 3, 13, then 2 of the two with 2 votes.
  std::vector<int64_t> in;
  for (size_t r = 0; r < a.in_conv.size(); ++r) {
    if (a.in_conv[r]) {
      in.push_back(a.participant_ids[r]);
    }
  }
  std::sort(in.begin(), in.end());
  EXPECT_EQ(in, (std::vector<int64_t>{2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15, 16, 17, 18, 19}));
}

TEST(Conversation, InConversationSetNeverShrinks) {
  Conversation conversation;
  // Three comments only: three votes are enough (min(7, m) = 3).
  for (int p = 0; p < 30; ++p) {
    for (int c = 0; c < (p < 20 ? 3 : 1); ++c) {
      conversation.AddVote(p, c, p % 2 ? Vote::kAgree : Vote::kDisagree);
    }
  }
  const std::vector<uint8_t> before = conversation.Update().in_conv;
  EXPECT_EQ(std::count(before.begin(), before.end(), 1), 20);
  for (int c = 3; c < 10; ++c) {  // now m = 10 and the threshold is 7
    conversation.AddVote(100, c, Vote::kAgree);
  }
  const Analysis& after = conversation.Update();
  for (size_t r = 0; r < before.size(); ++r) {
    EXPECT_GE(after.in_conv[r], before[r]);
  }
}

// Participants left out join once they reach the threshold, as do new ones; the others stay
// out. A reset recomputes the set from the votes alone.
TEST(Conversation, InConversationSetTakesInRowsThatReachTheThresholdLater) {
  Conversation conversation;
  const auto vote = [&](int64_t p, int from, int to) {
    for (int c = from; c < to; ++c) {
      conversation.AddVote(p, c, c % 3 ? Vote::kAgree : Vote::kDisagree);
    }
  };
  const auto members = [](const Analysis& a) {
    std::vector<int64_t> in;
    for (size_t r = 0; r < a.in_conv.size(); ++r) {
      if (a.in_conv[r]) {
        in.push_back(a.participant_ids[r]);
      }
    }
    std::sort(in.begin(), in.end());
    return in;
  };
  for (int p = 0; p < 20; ++p) {
    vote(p, 0, p < 16 ? 8 : 2);  // 16 with 8 of 10 votes: no top-up needed
  }
  vote(99, 8, 10);
  std::vector<int64_t> want(16);
  std::iota(want.begin(), want.end(), 0);
  EXPECT_EQ(members(conversation.Update()), want);
  vote(17, 2, 8);  // now 8 votes
  vote(20, 0, 8);  // new, 8 votes
  vote(21, 0, 1);  // new, 1 vote
  want.insert(want.end(), {17, 20});
  EXPECT_EQ(members(conversation.Update()), want);
  EXPECT_EQ(members(conversation.Update()), want);  // no new votes: the same
  conversation.ResetAnalysis();
  EXPECT_EQ(members(conversation.Update()), want);
}

TEST(Conversation, IncrementalUpdateAgreesWithAFreshOne) {
  const testing::Planted planted = testing::MakePlanted(3000, 80, 4, 0.4, 0.8, 6);
  const size_t first = planted.votes.size() * 99 / 100;
  Conversation incremental;
  AddVotes(incremental, planted, 0, first);
  const int cold_iterations = incremental.Update().pca.iterations;
  AddVotes(incremental, planted, first);
  const Analysis& warm = incremental.Update();
  EXPECT_LT(warm.pca.iterations, cold_iterations);
  // Its projection came from the PCA pass: the same as projecting onto its axes.
  const std::vector<uint8_t> mod_out(incremental.matrix().cols, 0);
  const std::vector<Point> direct = ProjectParticipants(incremental.matrix(), warm.pca, mod_out, 1);
  ASSERT_EQ(direct.size(), warm.projection.size());
  for (size_t r = 0; r < direct.size(); ++r) {
    EXPECT_NEAR(warm.projection[r].x, direct[r].x, 1e-5);
    EXPECT_NEAR(warm.projection[r].y, direct[r].y, 1e-5);
  }
  Conversation fresh;
  AddAll(planted, fresh);
  const Analysis& full = fresh.Update();
  EXPECT_EQ(warm.k, full.k);
  EXPECT_GT(AdjustedRandIndex(warm.group_of, full.group_of), 0.9);
  EXPECT_GT(AriWithPlanted(warm, planted), AriWithPlanted(full, planted) - 0.02);
}

// A series of incremental updates (each refines the axes by one pass and takes one base k-means
// step, carrying on from the one before) stays with a full update's groups.
TEST(Conversation, IncrementalUpdatesInASeriesStayWithFullOnes) {
  const testing::Planted planted = testing::MakePlanted(4000, 90, 4, 0.4, 0.8, 31);
  const size_t start = planted.votes.size() * 95 / 100;
  const size_t batch = planted.votes.size() / 100;
  Conversation incremental;
  AddVotes(incremental, planted, 0, start);
  incremental.Update();
  for (size_t from = start; from < planted.votes.size(); from += batch) {
    AddVotes(incremental, planted, from, from + batch);
    const Analysis& warm = incremental.Update();
    EXPECT_EQ(warm.pca.iterations, 1);
    Conversation fresh;
    AddVotes(fresh, planted, 0, from + batch);
    const Analysis& full = fresh.Update();
    EXPECT_EQ(warm.k, full.k);
    EXPECT_GT(AdjustedRandIndex(warm.group_of, full.group_of), 0.9);
  }
}

// An incremental update takes `incremental_base_steps` Lloyd steps from the last update's base
// clusters (one by default) instead of Polis's loop to 0.01; each step ends with every center at
// the mean of its members, and over a series the clusters stay as tight as a full update's.
TEST(Conversation, IncrementalUpdateTakesTheGivenBaseSteps) {
  const testing::Planted planted = testing::MakePlanted(3000, 80, 4, 0.4, 0.8, 17);
  const size_t start = planted.votes.size() * 94 / 100;
  const size_t batch = planted.votes.size() / 100;
  for (const int steps : {1, 3}) {
    ConversationOptions options;
    options.incremental_base_steps = steps;
    Conversation conversation(options);
    AddVotes(conversation, planted, 0, start);
    EXPECT_GT(conversation.Update().base_steps, steps);  // a full update runs the loop
    for (size_t from = start; from < planted.votes.size(); from += batch) {
      AddVotes(conversation, planted, from, from + batch);
      const Analysis& warm = conversation.Update();
      EXPECT_LE(warm.base_steps, steps);
      EXPECT_GE(warm.base_steps, 1);
      for (const Cluster& c : warm.base_clusters) {
        ASSERT_FALSE(c.members.empty());
        Point mean{0, 0};
        for (const int32_t r : c.members) {
          mean.x += warm.projection[r].x / static_cast<double>(c.members.size());
          mean.y += warm.projection[r].y / static_cast<double>(c.members.size());
        }
        EXPECT_NEAR(c.center.x, mean.x, 1e-9);
        EXPECT_NEAR(c.center.y, mean.y, 1e-9);
      }
    }
    const double warm_objective = BaseClusterSquares(conversation.analysis());
    conversation.ResetAnalysis();
    const double full_objective = BaseClusterSquares(conversation.Update());
    EXPECT_LT(warm_objective, 1.05 * full_objective) << steps << " steps";
  }
}

TEST(Conversation, ResultDoesNotDependOnArrivalOrderOrThreads) {
  const testing::Planted planted = testing::MakePlanted(6000, 100, 3, 0.45, 0.75, 12);
  ConversationOptions one_thread;
  one_thread.threads = 1;
  one_thread.pca.threads = 1;
  Conversation a(one_thread);
  AddAll(planted, a);
  std::vector<testing::PlantedVote> shuffled = planted.votes;  // each cell voted once
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(1));
  Conversation b;
  for (const auto& v : shuffled) {
    b.AddVote(v.participant, v.comment, v.vote);
  }
  const Analysis& x = a.Update();
  const Analysis& y = b.Update();
  ASSERT_GT(a.matrix().nnz(), 200'000u);
  std::vector<int32_t> gx(6000, -1), gy(6000, -1);
  for (size_t r = 0; r < x.group_of.size(); ++r) {
    gx[x.participant_ids[r]] = x.group_of[r];
    gy[y.participant_ids[r]] = y.group_of[r];
  }
  EXPECT_EQ(x.k, y.k);
  EXPECT_DOUBLE_EQ(AdjustedRandIndex(gx, gy), 1.0);
}

TEST(Conversation, ModeratedCommentsLeaveRepnessAndConsensusButNotGic) {
  const testing::Planted planted = testing::MakePlanted(600, 20, 2, 0.8, 0.9, 3);
  Conversation conversation;
  AddAll(planted, conversation);
  conversation.SetModeration(0, -1, false);
  const Analysis& a = conversation.Update();
  const int32_t col = conversation.comments().Find(0);
  for (const auto& group : a.statistics.repness) {
    for (const RepComment& r : group) {
      EXPECT_NE(r.col, col);
    }
  }
  for (const auto& c : a.statistics.consensus.agree) {
    EXPECT_NE(c.col, col);
  }
  EXPECT_EQ(a.pca.axes[0][col], 0.0);
  double want = 1;
  for (int g = 0; g < a.statistics.tallies.groups; ++g) {
    const size_t at = a.statistics.tallies.At(g, col);
    EXPECT_GT(a.statistics.tallies.seen[at], 0);
    want *= (a.statistics.tallies.agree[at] + 1.0) / (a.statistics.tallies.seen[at] + 2.0);
  }
  EXPECT_DOUBLE_EQ(a.statistics.gic[col], want);
}

TEST(Conversation, AnalyzesGivenGroups) {
  Conversation conversation;
  // Group 0 (ids 0-9) agrees with comment 0, group 1 (ids 10-19) disagrees.
  for (int p = 0; p < 20; ++p) {
    conversation.AddVote(p, 0, p < 10 ? Vote::kAgree : Vote::kDisagree);
    conversation.AddVote(p, 1, Vote::kPass);
  }
  conversation.ApplyVotes();
  std::vector<int32_t> group_of(20);
  for (int p = 0; p < 20; ++p) {
    group_of[conversation.participants().Find(p)] = p < 10 ? 0 : 1;
  }
  const GroupStatistics s = conversation.AnalyzeGroups(group_of, 2);
  const int32_t c0 = conversation.comments().Find(0);
  EXPECT_DOUBLE_EQ(s.gic[c0], (11.0 / 12.0) * (1.0 / 12.0));
  ASSERT_FALSE(s.repness[0].empty());
  EXPECT_EQ(s.repness[0][0].col, c0);
  EXPECT_TRUE(s.repness[0][0].agree);
  EXPECT_EQ(s.repness[1][0].col, c0);
  EXPECT_FALSE(s.repness[1][0].agree);
}

TEST(Conversation, CapsDropVotesOfLateParticipantsAndComments) {
  ConversationOptions options;
  options.max_participants = 2;
  options.max_comments = 1;
  Conversation conversation(options);
  EXPECT_TRUE(conversation.AddVote(1, 9, Vote::kAgree));
  EXPECT_FALSE(conversation.AddVote(1, 8, Vote::kAgree));
  EXPECT_TRUE(conversation.AddVote(2, 9, Vote::kAgree));
  EXPECT_FALSE(conversation.AddVote(3, 9, Vote::kAgree));
  EXPECT_EQ(conversation.pending_votes(), 2u);
}

TEST(Conversation, AddVotesMatchesAddVoteOneByOne) {
  ConversationOptions options;
  options.max_participants = 40;  // caps drop some votes, and the comments of dropped ones
  options.max_comments = 25;
  Conversation one(options), bulk(options);
  std::mt19937_64 random(9);
  size_t added = 0;
  for (int batch = 0; batch < 4; ++batch) {
    std::vector<int64_t> participants, comments;
    std::vector<Vote> votes;
    for (int i = 0; i < 500; ++i) {
      // Small ids (the flat table) and a few large or negative ones (the hash map).
      participants.push_back(random() % 20 == 0 ? -static_cast<int64_t>(random() % 5)
                                                : static_cast<int64_t>(random() % 60));
      comments.push_back(random() % 20 == 0
                             ? (int64_t{1} << 40) + static_cast<int64_t>(random() % 5)
                             : static_cast<int64_t>(random() % 30));
      votes.push_back(static_cast<Vote>(static_cast<int>(random() % 3) - 1));
      added += one.AddVote(participants.back(), comments.back(), votes.back());
    }
    const size_t before = bulk.pending_votes();
    const size_t recorded = bulk.AddVotes(participants, comments, votes);
    EXPECT_EQ(recorded, bulk.pending_votes() - before);
    EXPECT_EQ(bulk.pending_votes(), one.pending_votes());
  }
  EXPECT_EQ(bulk.pending_votes(), added);
  EXPECT_LT(added, 2000u);
  one.ApplyVotes();
  bulk.ApplyVotes();
  EXPECT_EQ(bulk.participants().ids(), one.participants().ids());
  EXPECT_EQ(bulk.comments().ids(), one.comments().ids());
  EXPECT_EQ(bulk.matrix().row_start, one.matrix().row_start);
  EXPECT_EQ(bulk.matrix().col, one.matrix().col);
  EXPECT_EQ(bulk.matrix().value, one.matrix().value);
}

// An update's base clusters list their members in the last update's lists (cleared), so that the
// sizes, which change little from one update to the next, cost no fresh memory.
TEST(Conversation, BaseClustersTakeOverTheLastMemberLists) {
  const testing::Planted planted = testing::MakePlanted(3000, 80, 4, 0.4, 0.8, 6);
  const size_t first = planted.votes.size() * 98 / 100;
  Conversation conversation;
  AddVotes(conversation, planted, 0, first);
  std::vector<const int32_t*> lists;
  for (const Cluster& c : conversation.Update().base_clusters) {
    lists.push_back(c.members.data());
  }
  AddVotes(conversation, planted, first);
  size_t kept = 0, members = 0;
  for (const Cluster& c : conversation.Update().base_clusters) {
    kept += std::find(lists.begin(), lists.end(), c.members.data()) != lists.end() ? 1 : 0;
    members += c.members.size();
  }
  EXPECT_EQ(members, conversation.analysis().group_of.size() -
                         std::count(conversation.analysis().group_of.begin(),
                                    conversation.analysis().group_of.end(), -1));
  EXPECT_GT(kept, lists.size() / 2);
}

}  // namespace
}  // namespace plenary::opinion
