#include "engines/opinion/tallies.h"

#include <random>

#include <gtest/gtest.h>

#include "engines/opinion/conversation.h"
#include "planted.h"

namespace plenary::opinion {
namespace {

TEST(PendingChanges, KeepsTheLatestVotePerCellAndItsPreviousValue) {
  VoteLog first;
  first.Add(0, 1, 1);
  first.Add(1, 0, -1);
  ColumnTotals totals;
  const VoteMatrix m = MergeVotes({}, first, 2, 2, totals);
  VoteLog next;
  next.Add(0, 1, -1);  // a re-vote, overridden below
  next.Add(1, 1, 0);   // a new cell
  next.Add(0, 1, 0);
  next.Add(1, 0, -1);  // the same value again: no change
  const std::vector<CellChange> changes = PendingChanges(m, next);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].row, 0);
  EXPECT_EQ(changes[0].col, 1u);
  EXPECT_EQ(changes[0].before, 1);
  EXPECT_EQ(changes[0].after, 0);
  EXPECT_EQ(changes[1].row, 1);
  EXPECT_EQ(changes[1].before, CellChange::kAbsent);
  EXPECT_EQ(changes[1].after, 0);
}

TEST(CompareGroups, ListsTheRowsThatMovedAndCountsTheMembers) {
  const std::vector<int32_t> before = {0, 1, -1, 1};
  const std::vector<int32_t> after = {0, 0, 1, 1, -1, 1};  // rows 4 and 5 are new
  const Regrouping regrouping = CompareGroups(before, after, 2);
  EXPECT_EQ(regrouping.moved, (std::vector<int32_t>{1, 2, 5}));
  EXPECT_EQ(regrouping.members, (std::vector<int64_t>{2, 3}));
}

// Moving the rows that changed group gives a recount's tallies, members included.
TEST(MoveRows, EqualsARecount) {
  const testing::Planted planted = testing::MakePlanted(300, 20, 3, 0.5, 0.85, 4);
  const VoteLog log = testing::PlantedLog(planted);
  ColumnTotals totals;
  const VoteMatrix m = MergeVotes({}, log, 300, 20, totals);
  std::vector<int32_t> before(m.rows), after(m.rows);
  for (int32_t r = 0; r < m.rows; ++r) {
    before[r] = r % 4 == 0 ? -1 : r % 3;
    after[r] = r % 7 == 0 ? (r + 1) % 3 : before[r];
  }
  GroupTallies tallies = CountGroupVotes(m, before, 3, 1);
  const Regrouping regrouping = CompareGroups(before, after, 3);
  ASSERT_FALSE(regrouping.moved.empty());
  ASSERT_LT(regrouping.moved.size(), before.size() / 4);
  MoveRows(tallies, m, regrouping, before, after);
  EXPECT_TRUE(tallies == CountGroupVotes(m, after, 3, 1));
}

// A batch large enough for two threads (its second half counted apart, then added) gives the
// tallies of counting it in order on one, and both equal a recount of the merged matrix.
TEST(ApplyChanges, ALargeBatchOnTwoThreadsCountsAsOnOne) {
  const testing::Planted planted = testing::MakePlanted(3000, 60, 3, 0.6, 0.85, 11);
  const VoteLog log = testing::PlantedLog(planted);
  VoteLog first, second;
  for (size_t i = 0; i < log.size(); ++i) {
    (i % 3 == 0 ? first : second).Add(log.row[i], log.col[i], log.value[i]);
  }
  for (uint32_t r = 0; r < 3000; r += 2) {  // re-votes: changes with a value before
    second.Add(r, r % 60, static_cast<int8_t>(r % 3) - 1);
  }
  ColumnTotals totals;
  const VoteMatrix before = MergeVotes({}, first, 3000, 60, totals);
  const std::vector<CellChange> changes = PendingChanges(before, second);
  ASSERT_GE(changes.size(), size_t{1} << 16);
  std::vector<int32_t> group_of(3000);  // rows 0, 5, 10, ... are in no group
  for (size_t r = 0; r < group_of.size(); ++r) {
    group_of[r] = r % 5 == 0 ? -1 : static_cast<int32_t>(r % 3);
  }
  GroupTallies one = CountGroupVotes(before, group_of, 3, 1);
  GroupTallies two = one;
  ApplyChanges(one, changes, group_of, 1);
  ApplyChanges(two, changes, group_of, 2);
  EXPECT_TRUE(one == two);
  const VoteMatrix after = MergeVotes(before, second, 3000, 60, totals);
  EXPECT_TRUE(two == CountGroupVotes(after, group_of, 3, 1));
}

// Incremental updates (new votes, re-votes, new participants and comments) carry the group tallies
// over instead of recounting them; they must equal a recount.
TEST(Conversation, CarriedTalliesEqualARecount) {
  const testing::Planted planted = testing::MakePlanted(1200, 50, 3, 0.5, 0.85, 8);
  Conversation conversation;
  std::mt19937_64 random(3);
  size_t next = 0;
  const size_t first = planted.votes.size() * 8 / 10;
  for (; next < first; ++next) {
    const auto& v = planted.votes[next];
    conversation.AddVote(v.participant, v.comment, v.vote);
  }
  conversation.Update();
  for (int round = 0; round < 4; ++round) {
    for (size_t i = 0; i < planted.votes.size() / 40 && next < planted.votes.size(); ++i, ++next) {
      const auto& v = planted.votes[next];
      conversation.AddVote(v.participant, v.comment, v.vote);
    }
    for (int i = 0; i < 200; ++i) {  // re-votes, and votes on a new comment
      const auto& v = planted.votes[random() % next];
      conversation.AddVote(v.participant, i % 2 ? v.comment : 50 + round,
                           static_cast<Vote>(static_cast<int>(random() % 3) - 1));
    }
    const Analysis& a = conversation.Update();
    EXPECT_EQ(a.k, 3);  // the same k as before, so the tallies were carried over
    EXPECT_TRUE(a.statistics.tallies == CountGroupVotes(conversation.matrix(), a.group_of, a.k, 1));
  }
}

// Votes merged by ApplyVotes between updates never pass through the carried tallies: the next
// update must still report exact counts.
TEST(Conversation, TalliesStayExactWhenVotesAreAppliedBetweenUpdates) {
  const testing::Planted planted = testing::MakePlanted(800, 40, 2, 0.5, 0.85, 6);
  Conversation conversation;
  const size_t half = planted.votes.size() / 2;
  for (size_t i = 0; i < half; ++i) {
    const auto& v = planted.votes[i];
    conversation.AddVote(v.participant, v.comment, v.vote);
  }
  conversation.Update();
  for (size_t i = half; i < half + 500; ++i) {
    const auto& v = planted.votes[i];
    conversation.AddVote(v.participant, v.comment, v.vote);
  }
  conversation.ApplyVotes();
  for (size_t i = half + 500; i < half + 1000; ++i) {
    const auto& v = planted.votes[i];
    conversation.AddVote(v.participant, v.comment, v.vote);
  }
  const Analysis& a = conversation.Update();
  EXPECT_TRUE(a.statistics.tallies == CountGroupVotes(conversation.matrix(), a.group_of, a.k, 1));
}

}  // namespace
}  // namespace plenary::opinion
