#include "engines/opinion/vote_overlay.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "engines/opinion/conversation.h"
#include "engines/opinion/gram_product.h"
#include "engines/opinion/pca.h"
#include "engines/opinion/projection.h"
#include "engines/opinion/tallies.h"
#include "planted.h"

namespace plenary::opinion {
namespace {

int8_t RandomVote(std::mt19937& random) {
  return static_cast<int8_t>(static_cast<int>(random() % 3) - 1);
}

// A matrix of `rows` x `cols` (some rows empty) and its totals.
VoteMatrix RandomMatrix(std::mt19937& random, uint32_t rows, uint32_t cols, int votes,
                        ColumnTotals& totals) {
  VoteLog log;
  for (int i = 0; i < votes; ++i) {
    const uint32_t r = random() % rows;
    if (r % 7 != 3) {
      log.Add(r, random() % cols, RandomVote(random));
    }
  }
  return MergeVotes({}, log, static_cast<int32_t>(rows), static_cast<int32_t>(cols), totals);
}

// A batch with re-votes on a few cells, votes from new rows and on new columns.
VoteLog RandomBatch(std::mt19937& random, uint32_t rows, uint32_t cols, int votes) {
  VoteLog log;
  for (int i = 0; i < votes; ++i) {
    const uint32_t r = i % 5 == 0 ? 17 : random() % rows;
    const uint32_t c = i % 5 == 0 ? 3 : random() % cols;
    log.Add(r, c, RandomVote(random));
  }
  return log;
}

// The two overlays hold the same cells, offsets and added counts.
void ExpectSameOverlay(const VoteOverlay& got, const VoteOverlay& want) {
  EXPECT_EQ(got.row_start, want.row_start);
  EXPECT_EQ(got.col, want.col);
  EXPECT_EQ(got.value, want.value);
  EXPECT_EQ(got.base, want.base);
  EXPECT_EQ(got.added, want.added);
}

// Batches added to an overlay report the changes, and keep the totals, that merging them into the
// matrix does; compacted, the overlay leaves the matrix those merges build.
TEST(AddToOverlay, MatchesMergingEachBatch) {
  std::mt19937 random(21);
  ColumnTotals merged_totals, overlay_totals;
  VoteMatrix merged = RandomMatrix(random, 300, 50, 5000, merged_totals);
  VoteMatrix beside = merged;
  overlay_totals = merged_totals;
  VoteOverlay overlay;
  for (int batch = 0; batch < 6; ++batch) {
    const uint32_t rows = 300 + 10 * (batch + 1), cols = 50 + batch;
    const VoteLog log = RandomBatch(random, rows, cols, 40 + 30 * batch);
    std::vector<CellChange> want;
    MergeVotesInPlace(merged, log, static_cast<int32_t>(rows), static_cast<int32_t>(cols),
                      merged_totals, &want);
    std::vector<CellChange> got;
    AddToOverlay(beside, overlay, log, static_cast<int32_t>(rows), static_cast<int32_t>(cols),
                 overlay_totals, &got);
    EXPECT_TRUE(got == want);
    EXPECT_TRUE(overlay_totals == merged_totals);
    // The matrix grew (empty rows and columns) but kept its votes.
    EXPECT_EQ(beside.rows, merged.rows);
    EXPECT_EQ(beside.cols, merged.cols);
    ASSERT_FALSE(overlay.empty());
    for (int32_t r = 0; r < merged.rows; ++r) {
      EXPECT_EQ(beside.RowLength(r) + overlay.Added(r), merged.RowLength(r)) << r;
    }
  }
  CompactOverlay(beside, overlay);
  EXPECT_TRUE(overlay.empty());
  EXPECT_EQ(overlay.Added(0), 0u);
  EXPECT_TRUE(beside == merged);
}

// A large batch is merged by blocks of rows on two threads: the same overlay, changes and totals
// as on one, and as merging it into the matrix; with each block counting its changes (400
// columns) or the join counting them all (2,000 columns: fewer than 8 votes a column).
TEST(AddToOverlay, IsTheSameOnOneOrTwoThreads) {
  for (const uint32_t cols : {400u, 2000u}) {
    std::mt19937 random(4);
    ColumnTotals totals;
    const VoteMatrix matrix = RandomMatrix(random, 3000, cols, 200'000, totals);
    VoteLog first = RandomBatch(random, 3000, cols, 12'000);
    VoteLog second = RandomBatch(random, 3100, cols + 10, 12'000);
    VoteMatrix one_matrix = matrix, two_matrix = matrix, merged = matrix;
    ColumnTotals one_totals = totals, two_totals = totals, merged_totals = totals;
    VoteOverlay one, two;
    std::vector<CellChange> one_changes, two_changes, want;
    for (const VoteLog* log : {&first, &second}) {
      const int32_t rows = log == &first ? 3000 : 3100;
      const auto with = static_cast<int32_t>(log == &first ? cols : cols + 10);
      AddToOverlay(one_matrix, one, *log, rows, with, one_totals, &one_changes, 1);
      AddToOverlay(two_matrix, two, *log, rows, with, two_totals, &two_changes, 2);
      MergeVotesInPlace(merged, *log, rows, with, merged_totals, &want);
    }
    ExpectSameOverlay(two, one);
    ASSERT_EQ(two_changes.size(), want.size());
    ASSERT_EQ(one_changes.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(two_changes[i].row, want[i].row);
      EXPECT_EQ(two_changes[i].col, want[i].col);
      EXPECT_EQ(two_changes[i].before, want[i].before);
      EXPECT_EQ(two_changes[i].after, want[i].after);
    }
    EXPECT_EQ(two_totals.agree, merged_totals.agree) << cols;
    EXPECT_EQ(two_totals.disagree, merged_totals.disagree) << cols;
    EXPECT_EQ(two_totals.seen, merged_totals.seen) << cols;
    EXPECT_EQ(one_totals.seen, merged_totals.seen) << cols;
    CompactOverlay(two_matrix, two);
    EXPECT_TRUE(two_matrix == merged);
  }
}

// Compaction by blocks of rows on several threads leaves the matrix that merging each batch
// builds, as on one thread: into new arrays when the matrix must grow (the first compaction),
// and in place when it has room (the second: a block's last rows, which land on the next
// block's unread votes, go through spare arrays). The batches add cells to most rows, so every
// block's place shifts.
TEST(CompactOverlay, IsTheSameOnAnyNumberOfThreads) {
  std::mt19937 random(8);
  ColumnTotals totals;
  const VoteMatrix matrix = RandomMatrix(random, 3000, 400, 320'000, totals);
  ASSERT_GT(matrix.nnz(), 200'000u);  // (blocks only from BlockCount's threshold)
  std::vector<VoteLog> batches;
  for (int b = 0; b < 4; ++b) {
    batches.push_back(RandomBatch(random, 3000 + 20 * b, 400 + b, b < 3 ? 9'000 : 4'000));
  }
  std::vector<VoteMatrix> merged(2, matrix);
  ColumnTotals merged_totals = totals;
  for (int b = 0; b < 4; ++b) {
    MergeVotesInPlace(merged[1], batches[b], 3000 + 20 * b, 400 + b, merged_totals);
    if (b == 2) {
      merged[0] = merged[1];
    }
  }
  for (const int threads : {1, 2, 3, 8}) {
    VoteMatrix compacted = matrix;
    ColumnTotals compacted_totals = totals;
    VoteOverlay overlay;
    for (int b = 0; b < 4; ++b) {
      AddToOverlay(compacted, overlay, batches[b], 3000 + 20 * b, 400 + b, compacted_totals,
                   nullptr, threads);
      if (b < 2) {
        continue;
      }
      const size_t room = compacted.col.capacity();
      CompactOverlay(compacted, overlay, threads);
      EXPECT_TRUE(overlay.empty()) << threads;
      EXPECT_TRUE(compacted == merged[b - 2]) << threads << " " << b;
      // (The first compaction grew the arrays; the second had room.)
      EXPECT_EQ(compacted.col.capacity() == room, b == 3) << threads << " " << b;
    }
  }
}

// A batch whose parts hold more than 256k cells and changes is joined on two threads (each part
// copied to its place in arrays sized once): the one thread's overlay, changes and totals.
TEST(AddToOverlay, JoinsALargeBatchOnTwoThreadsAsOnOne) {
  std::mt19937 random(12);
  ColumnTotals totals;
  const VoteMatrix matrix = RandomMatrix(random, 40'000, 300, 800'000, totals);
  const VoteLog batch = RandomBatch(random, 40'500, 300, 300'000);
  VoteMatrix one_matrix = matrix, two_matrix = matrix;
  ColumnTotals one_totals = totals, two_totals = totals;
  VoteOverlay one, two;
  // The changes are appended after those already listed.
  std::vector<CellChange> one_changes(3, CellChange{1, 2, 0, 1}), two_changes = one_changes;
  AddToOverlay(one_matrix, one, batch, 40'500, 300, one_totals, &one_changes, 1);
  AddToOverlay(two_matrix, two, batch, 40'500, 300, two_totals, &two_changes, 2);
  ASSERT_GT(two.size() + two_changes.size(), 262'144u);
  ExpectSameOverlay(two, one);
  EXPECT_TRUE(two_changes == one_changes);
  EXPECT_TRUE(two_totals == one_totals);
}

// Batches merged with a scratch (its arrays reused from batch to batch, on one thread or two, the
// changes appended to a list reused too) give the overlays, changes and totals of merges without.
TEST(AddToOverlay, AScratchKeptAcrossBatchesChangesNothing) {
  for (const int threads : {1, 2}) {
    std::mt19937 random(33);
    ColumnTotals totals;
    const VoteMatrix matrix = RandomMatrix(random, 3000, 200, 150'000, totals);
    VoteMatrix plain_matrix = matrix, kept_matrix = matrix;
    ColumnTotals plain_totals = totals, kept_totals = totals;
    VoteOverlay plain, kept;
    OverlayScratch scratch;
    std::vector<CellChange> kept_changes;
    for (int batch = 0; batch < 5; ++batch) {
      const auto rows = static_cast<int32_t>(3000 + 20 * batch);
      // Batches large and small (one block or eight), and one that empties nothing but is small.
      const VoteLog log = RandomBatch(random, rows, 200, batch % 2 == 0 ? 9000 : 300);
      std::vector<CellChange> plain_changes;
      AddToOverlay(plain_matrix, plain, log, rows, 200, plain_totals, &plain_changes, threads);
      kept_changes.clear();
      AddToOverlay(kept_matrix, kept, log, rows, 200, kept_totals, &kept_changes, threads,
                   &scratch);
      ExpectSameOverlay(kept, plain);
      EXPECT_TRUE(kept_changes == plain_changes);
      EXPECT_TRUE(kept_totals == plain_totals);
      if (batch == 2) {  // a compaction between batches, as when the overlay grows too large
        CompactOverlay(plain_matrix, plain);
        CompactOverlay(kept_matrix, kept);
      }
    }
  }
}

// A cell voted back to the matrix's value leaves the overlay; a vote equal to the matrix's
// changes nothing.
TEST(AddToOverlay, DropsCellsVotedBackToTheMatrixValue) {
  VoteLog first;
  first.Add(0, 0, 1);
  first.Add(0, 2, -1);
  first.Add(1, 1, 0);
  ColumnTotals totals;
  VoteMatrix matrix = MergeVotes({}, first, 2, 3, totals);
  VoteOverlay overlay;
  VoteLog batch;
  batch.Add(0, 0, -1);  // changed
  batch.Add(0, 1, 1);   // new
  batch.Add(1, 1, 0);   // the same as the matrix's
  std::vector<CellChange> changes;
  AddToOverlay(matrix, overlay, batch, 2, 3, totals, &changes);
  ASSERT_EQ(overlay.size(), 2u);
  EXPECT_EQ(changes.size(), 2u);
  EXPECT_EQ(overlay.Added(0), 1u);
  EXPECT_EQ(overlay.Added(1), 0u);
  EXPECT_EQ(overlay.base[0], 1);
  EXPECT_EQ(overlay.value[0], -1);
  EXPECT_EQ(overlay.base[1], CellChange::kAbsent);
  EXPECT_EQ(totals.agree[0], 0);
  EXPECT_EQ(totals.disagree[0], 1);
  EXPECT_EQ(totals.seen[1], 2);
  VoteLog back;
  back.Add(0, 0, 1);  // back to the matrix's value
  changes.clear();
  AddToOverlay(matrix, overlay, back, 2, 3, totals, &changes);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].before, -1);
  EXPECT_EQ(changes[0].after, 1);
  ASSERT_EQ(overlay.size(), 1u);
  EXPECT_EQ(overlay.col[0], 1u);
  EXPECT_EQ(totals.agree[0], 1);
  EXPECT_EQ(totals.disagree[0], 0);
  VoteLog undo;
  undo.Add(0, 1, 1);  // the only cell left, voted again the same way: nothing changes
  changes.clear();
  AddToOverlay(matrix, overlay, undo, 2, 3, totals, &changes);
  EXPECT_TRUE(changes.empty());
  EXPECT_EQ(overlay.size(), 1u);
}

struct Beside {
  VoteMatrix matrix;  // the matrix the overlay lies beside
  VoteOverlay overlay;
  VoteMatrix merged;  // the same votes merged
  ColumnTotals totals;
  std::vector<int64_t> ids;
};

// A planted conversation whose last votes (a tenth, with re-votes) lie in an overlay.
Beside PlantedBeside(int rows, int cols) {
  const testing::Planted planted = testing::MakePlanted(rows, cols, 3, 0.5, 0.8, 5);
  std::mt19937 random(9);
  VoteLog first, rest;
  const size_t split = planted.votes.size() * 9 / 10;
  for (size_t i = 0; i < planted.votes.size(); ++i) {
    const auto& v = planted.votes[i];
    (i < split ? first : rest)
        .Add(static_cast<uint32_t>(v.participant), static_cast<uint32_t>(v.comment),
             static_cast<int8_t>(v.vote));
    if (i < split && i % 50 == 0) {
      rest.Add(static_cast<uint32_t>(v.participant), static_cast<uint32_t>(v.comment),
               RandomVote(random));
    }
  }
  Beside b;
  b.matrix = MergeVotes({}, first, rows, cols, b.totals);
  AddToOverlay(b.matrix, b.overlay, rest, rows, cols, b.totals);
  b.merged = b.matrix;
  VoteOverlay copy = b.overlay;
  CompactOverlay(b.merged, copy);
  b.ids.resize(cols);
  for (int c = 0; c < cols; ++c) {
    b.ids[c] = c;
  }
  return b;
}

// The Gram product over the matrix and its overlay is the merged matrix's, up to the order of the
// sums; so are the rows' sums and their votes in moderated-out columns.
TEST(GramProduct, WithAnOverlayEqualsTheMergedMatrix) {
  const Beside b = PlantedBeside(1500, 90);
  std::vector<uint8_t> mod_out(90, 0);
  for (size_t c = 0; c < mod_out.size(); c += 7) {
    mod_out[c] = 1;
  }
  const std::vector<double> mu = ColumnMeans(b.totals, mod_out);
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> unit(-1, 1);
  Block w(4, std::vector<double>(90));
  for (auto& v : w) {
    for (size_t c = 0; c < v.size(); ++c) {
      v[c] = mod_out[c] ? 0 : unit(random);
    }
  }
  // Double precision; single precision by column and value (this matrix's few columns) and with
  // the centring kernel.
  for (const auto& [single, by_value] : {std::pair{false, false}, {true, true}, {true, false}}) {
    GramScratch merged_scratch, beside_scratch;
    merged_scratch.by_value = beside_scratch.by_value = by_value;
    RowSums merged_rows, beside_rows;
    const Block want =
        GramProduct(b.merged, mu, w, mod_out, 2, merged_scratch, single, &merged_rows);
    const Block got =
        GramProduct(b.matrix, mu, w, mod_out, 1, beside_scratch, single, &beside_rows, &b.overlay);
    double largest = 0;
    for (const auto& v : want) {
      for (const double x : v) {
        largest = std::max(largest, std::abs(x));
      }
    }
    for (size_t j = 0; j < want.size(); ++j) {
      for (size_t c = 0; c < want[j].size(); ++c) {
        EXPECT_NEAR(got[j][c], want[j][c], 1e-5 * largest) << single << " " << j << " " << c;
      }
    }
    EXPECT_EQ(beside_rows.moderated, merged_rows.moderated);
    for (size_t i = 0; i < merged_rows.sums.size(); ++i) {
      EXPECT_NEAR(beside_rows.sums[i], merged_rows.sums[i],
                  1e-5 * (1 + std::abs(merged_rows.sums[i])));
    }
    // A second pass with the same scratch gives the same product.
    const Block again =
        GramProduct(b.matrix, mu, w, mod_out, 1, beside_scratch, single, nullptr, &b.overlay);
    EXPECT_EQ(again, got);
    // From the matrix's own counts, a pass adds the overlay's cells: the merged counts again.
    RowSums matrix_rows;
    GramScratch matrix_scratch;
    matrix_scratch.by_value = by_value;
    GramProduct(b.matrix, mu, w, mod_out, 2, matrix_scratch, single, &matrix_rows);
    ASSERT_NE(matrix_rows.moderated, merged_rows.moderated);  // the overlay adds some
    RowSums added_rows;
    added_rows.moderated = matrix_rows.moderated;
    added_rows.moderated_count = ModeratedCount::kAddOverlay;
    GramProduct(b.matrix, mu, w, mod_out, 2, matrix_scratch, single, &added_rows, &b.overlay);
    EXPECT_EQ(added_rows.moderated, merged_rows.moderated) << single << by_value;
  }
}

// An incremental PCA pass over the matrix and its overlay projects the rows as the merged
// matrix's pass does; MoveRows counts the rows' merged votes.
TEST(VoteOverlay, ProjectionAndTalliesSeeTheMergedVotes) {
  const Beside b = PlantedBeside(1200, 60);
  const std::vector<uint8_t> mod_out(60, 0);
  const std::vector<double> mu = ColumnMeans(b.totals, mod_out);
  const Pca cold = ComputePca(b.merged, mu, mod_out, b.ids, nullptr, {});
  PcaOptions one_pass;
  one_pass.max_iterations = 1;
  RowProjection merged_rows, beside_rows;
  const Pca want = ComputePca(b.merged, mu, mod_out, b.ids, &cold, one_pass, &merged_rows);
  const Pca got =
      ComputePca(b.matrix, mu, mod_out, b.ids, &cold, one_pass, &beside_rows, &b.overlay);
  const std::vector<Point> want_points = ProjectFromRows(b.merged, merged_rows, mod_out);
  const std::vector<Point> got_points = ProjectFromRows(b.matrix, beside_rows, mod_out, &b.overlay);
  ASSERT_EQ(got_points.size(), want_points.size());
  for (size_t r = 0; r < got_points.size(); ++r) {
    EXPECT_NEAR(got_points[r].x, want_points[r].x, 1e-5);
    EXPECT_NEAR(got_points[r].y, want_points[r].y, 1e-5);
  }
  // Groups by row before and after: every row moves somewhere else.
  std::vector<int32_t> before(b.merged.rows), after(b.merged.rows);
  for (int32_t r = 0; r < b.merged.rows; ++r) {
    before[r] = r % 3 == 0 ? -1 : r % 3;
    after[r] = r % 3 == 2 ? -1 : (r + 1) % 3;
  }
  GroupTallies moved_merged = CountGroupVotes(b.merged, before, 3, 1);
  GroupTallies moved_beside = moved_merged;
  MoveRows(moved_merged, b.merged, CompareGroups(before, after, 3), before, after);
  MoveRows(moved_beside, b.matrix, CompareGroups(before, after, 3), before, after, &b.overlay);
  const GroupTallies want_tallies = CountGroupVotes(b.merged, after, 3, 1);
  EXPECT_TRUE(moved_beside == want_tallies);
  EXPECT_EQ(moved_merged.seen, want_tallies.seen);
}

// Counted beside the matrix, the groups' votes are the merged matrix's: counted, or derived from
// the totals for the largest group, on one thread or two.
TEST(CountGroupVotes, WithAnOverlayCountsTheMergedVotes) {
  const Beside b = PlantedBeside(1200, 60);
  ASSERT_FALSE(b.overlay.empty());
  std::vector<int32_t> group_of(b.merged.rows);
  for (int32_t r = 0; r < b.merged.rows; ++r) {
    group_of[r] = r % 7 == 0 ? -1 : r % 3;
  }
  const GroupTallies want = CountGroupVotes(b.merged, group_of, 3, 1);
  ASSERT_FALSE(CountGroupVotes(b.matrix, group_of, 3, 1) == want);  // the overlay changes some
  for (const int threads : {1, 2}) {
    EXPECT_TRUE(CountGroupVotes(b.matrix, group_of, 3, threads, nullptr, &b.overlay) == want);
    EXPECT_TRUE(CountGroupVotes(b.matrix, group_of, 3, threads, &b.totals, &b.overlay) == want);
  }
}

// Incremental updates keep their batches beside the matrix; matrix() shows the merged votes, the
// same as a conversation that merged every vote at once.
TEST(Conversation, IncrementalBatchesLieBesideTheMatrixUntilAsked) {
  const testing::Planted planted = testing::MakePlanted(1500, 60, 3, 0.5, 0.85, 12);
  Conversation incremental, direct;
  const size_t first = planted.votes.size() * 9 / 10;
  for (size_t i = 0; i < first; ++i) {
    const auto& v = planted.votes[i];
    incremental.AddVote(v.participant, v.comment, v.vote);
  }
  incremental.Update();
  const VoteMatrix before = incremental.matrix();
  size_t next = first;
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < planted.votes.size() / 60 && next < planted.votes.size(); ++i, ++next) {
      const auto& v = planted.votes[next];
      incremental.AddVote(v.participant, v.comment, v.vote);
    }
    const Analysis& a = incremental.Update();
    EXPECT_EQ(a.pca.iterations, 1);  // an incremental update
  }
  for (size_t i = 0; i < next; ++i) {
    const auto& v = planted.votes[i];
    direct.AddVote(v.participant, v.comment, v.vote);
  }
  direct.ApplyVotes();
  EXPECT_TRUE(incremental.matrix() == direct.matrix());
  EXPECT_NE(before.nnz(), incremental.matrix().nnz());
}

// Incremental updates after the first take the rows' votes in moderated-out columns from it (the
// overlay's share counted apart): their projections stay those of the merged votes, with new
// participants voting on moderated-out comments and a comment moderated out between updates.
// The first update counts them in its PCA's passes when it tracks the rows, or in its projection
// pass when there are more rows than it tracks (`tracked_rows`).
class IncrementalModeratedCounts : public ::testing::TestWithParam<bool> {};

TEST_P(IncrementalModeratedCounts, ProjectionsCountModeratedVotesOfTheMergedMatrix) {
  const testing::Planted planted = testing::MakePlanted(1500, 60, 3, 0.5, 0.85, 14);
  ConversationOptions options;
  if (!GetParam()) {
    options.pca.tracked_rows = 1000;
  }
  Conversation conversation(options);
  for (int c = 0; c < 60; c += 9) {
    conversation.SetModeration(c, -1, false);
  }
  const size_t first = planted.votes.size() * 9 / 10;
  for (size_t i = 0; i < first; ++i) {
    const auto& v = planted.votes[i];
    conversation.AddVote(v.participant, v.comment, v.vote);
  }
  conversation.Update();
  size_t next = first;
  for (int round = 0; round < 4; ++round) {
    if (round == 2) {
      conversation.SetModeration(4, -1, false);
    }
    for (size_t i = 0; i < planted.votes.size() / 50 && next < planted.votes.size(); ++i, ++next) {
      const auto& v = planted.votes[next];
      conversation.AddVote(v.participant, v.comment, v.vote);
    }
    const Analysis& a = conversation.Update();
    ASSERT_EQ(a.pca.iterations, 1);  // an incremental update
    if (round == 1 || round == 3) {
      std::vector<uint8_t> mod_out(conversation.comments().size(), 0);
      for (size_t c = 0; c < mod_out.size(); ++c) {
        const int64_t id = conversation.comments().id(static_cast<int32_t>(c));
        mod_out[c] = id % 9 == 0 || (round == 3 && id == 4) ? 1 : 0;
      }
      const std::vector<Point> direct =
          ProjectParticipants(conversation.matrix(), a.pca, mod_out, 1);
      ASSERT_EQ(direct.size(), a.projection.size());
      for (size_t r = 0; r < direct.size(); ++r) {
        EXPECT_NEAR(a.projection[r].x, direct[r].x, 1e-5) << round << " " << r;
        EXPECT_NEAR(a.projection[r].y, direct[r].y, 1e-5) << round << " " << r;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(TrackedRowsOrNot, IncrementalModeratedCounts, ::testing::Bool());

// The overlay's cells that add a vote in a moderated-out column, per row.
TEST(CountModeratedCells, CountsAddedCellsInModeratedColumns) {
  VoteLog first;
  first.Add(0, 1, 1);
  first.Add(1, 2, -1);
  ColumnTotals totals;
  VoteMatrix matrix = MergeVotes({}, first, 3, 4, totals);
  VoteOverlay overlay;
  VoteLog batch;
  batch.Add(0, 1, -1);  // changed, in a moderated-out column: not added
  batch.Add(0, 3, 1);   // added, moderated out
  batch.Add(1, 0, 0);   // added, not moderated out
  batch.Add(2, 1, 1);   // added, moderated out
  batch.Add(2, 3, -1);  // added, moderated out
  AddToOverlay(matrix, overlay, batch, 3, 4, totals);
  const std::vector<uint8_t> mod_out = {0, 1, 0, 1};
  std::vector<int32_t> counts = {10, 20, 30};
  CountModeratedCells(overlay, mod_out, counts, +1);
  EXPECT_EQ(counts, (std::vector<int32_t>{11, 20, 32}));
  CountModeratedCells(overlay, mod_out, counts, -1);
  EXPECT_EQ(counts, (std::vector<int32_t>{10, 20, 30}));
}

}  // namespace
}  // namespace plenary::opinion
