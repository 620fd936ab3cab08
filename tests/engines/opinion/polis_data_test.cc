// The engine against the four real Polis conversations in ../shared/data/polis. Exact checks
// where the export allows them (statistics for Polis's own groups), and agreement (ARI) with
// Polis's group-id as a signal, as ../shared/docs/opinion-math.md section 12 advises.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <gtest/gtest.h>

#include "engines/opinion/agreement.h"
#include "engines/opinion/conversation.h"
#include "formats/polis/comments_csv.h"
#include "formats/polis/participants_votes_csv.h"
#include "formats/polis/votes_csv.h"

namespace plenary::opinion {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = fs::path(PLENARY_SHARED_DIR) / "data/polis";

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Export {
  std::vector<polis::VoteRecord> votes;  // in time order
  std::vector<polis::CommentRecord> comments;
  polis::ParticipantVotesTable table;
  std::map<std::string, std::string> summary;
};

Export Load(const std::string& name) {
  Export e;
  const fs::path dir = kRoot / name;
  auto votes = polis::ParseVotesCsv(ReadText(dir / "votes.csv"));
  auto comments = polis::ParseCommentsCsv(ReadText(dir / "comments.csv"));
  auto table = polis::ParseParticipantsVotesCsv(ReadText(dir / "participants-votes.csv"));
  EXPECT_TRUE(votes && comments && table) << name;
  e.votes = std::move(*votes);
  std::stable_sort(e.votes.begin(), e.votes.end(),
                   [](const auto& a, const auto& b) { return a.timestamp_ms < b.timestamp_ms; });
  e.comments = std::move(*comments);
  e.table = std::move(*table);
  std::istringstream summary(ReadText(dir / "summary.csv"));
  for (std::string line; std::getline(summary, line);) {
    const size_t comma = line.find(',');
    if (comma != std::string::npos) {
      e.summary[line.substr(0, comma)] = line.substr(comma + 1);
    }
  }
  return e;
}

// Builds a conversation from the votes kept by `keep` (all when empty).
std::unique_ptr<Conversation> Build(const Export& e, const std::vector<uint8_t>& keep = {}) {
  auto conversation = std::make_unique<Conversation>();
  for (size_t i = 0; i < e.votes.size(); ++i) {
    if (keep.empty() || keep[i]) {
      const auto& v = e.votes[i];
      conversation->AddVote(v.voter_id, v.comment_id, static_cast<Vote>(v.vote));
    }
  }
  for (const auto& c : e.comments) {
    conversation->SetModeration(c.comment_id, c.moderated, c.is_meta);
  }
  return conversation;
}

// Polis's group-id by participant id.
std::map<int64_t, int32_t> PolisGroups(const Export& e) {
  std::map<int64_t, int32_t> groups;
  for (const auto& row : e.table.rows) {
    if (row.group_id) {
      groups[row.participant] = static_cast<int32_t>(*row.group_id);
    }
  }
  return groups;
}

// ARI of two participant -> group maps over the participants both have.
double Ari(const std::map<int64_t, int32_t>& a, const std::map<int64_t, int32_t>& b) {
  std::vector<int32_t> x, y;
  for (const auto& [id, g] : a) {
    const auto it = b.find(id);
    if (it != b.end()) {
      x.push_back(g);
      y.push_back(it->second);
    }
  }
  return AdjustedRandIndex(x, y);
}

std::map<int64_t, int32_t> GroupsOf(const Analysis& a) {
  std::map<int64_t, int32_t> groups;
  for (size_t r = 0; r < a.group_of.size(); ++r) {
    if (a.group_of[r] >= 0) {
      groups[a.participant_ids[r]] = a.group_of[r];
    }
  }
  return groups;
}

class PolisConversation : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!fs::exists(kRoot / GetParam() / "votes.csv")) {
      GTEST_SKIP() << "no shared Polis data at " << kRoot;
    }
  }
};

// The latest vote per cell of votes.csv is exactly participants-votes.csv's table, and its
// n-votes / n-agree / n-disagree are the row counts of the raw matrix.
TEST_P(PolisConversation, VoteMatrixReproducesParticipantsVotes) {
  const Export e = Load(GetParam());
  auto conversation = Build(e);
  conversation->ApplyVotes();
  const VoteMatrix& m = conversation->matrix();
  size_t cells = 0;
  for (const auto& row : e.table.rows) {
    const int32_t r = conversation->participants().Find(row.participant);
    ASSERT_GE(r, 0);
    std::map<int64_t, int8_t> ours;
    int64_t agree = 0, disagree = 0;
    for (uint64_t k = m.row_start[r]; k < m.row_start[r + 1]; ++k) {
      ours[conversation->comments().id(m.col[k])] = m.value[k];
      agree += m.value[k] > 0;
      disagree += m.value[k] < 0;
    }
    for (size_t j = 0; j < e.table.comment_ids.size(); ++j) {
      const auto it = ours.find(e.table.comment_ids[j]);
      const int8_t want = row.votes[j];
      ASSERT_EQ(it == ours.end() ? polis::kNoVote : it->second, want)
          << "participant " << row.participant << " comment " << e.table.comment_ids[j];
      cells += want != polis::kNoVote;
    }
    EXPECT_EQ(static_cast<int64_t>(m.RowLength(r)), row.n_votes);
    EXPECT_EQ(agree, row.n_agree);
    EXPECT_EQ(disagree, row.n_disagree);
  }
  EXPECT_EQ(cells, m.nnz());
}

// Statistics for Polis's own groups: GIC from the sparse engine equals GIC computed directly
// from participants-votes.csv's cells, and the exported GIC column where the export has one
// (these four exports predate it: their comments.csv has no group-informed-consensus column).
TEST_P(PolisConversation, GicFromPolisGroupsMatchesTheExport) {
  const Export e = Load(GetParam());
  auto conversation = Build(e);
  conversation->ApplyVotes();
  const auto polis_groups = PolisGroups(e);
  int groups = 0;
  std::vector<int32_t> group_of(conversation->matrix().rows, -1);
  for (const auto& [id, g] : polis_groups) {
    group_of[conversation->participants().Find(id)] = g;
    groups = std::max(groups, g + 1);
  }
  EXPECT_EQ(std::to_string(groups), e.summary.at("groups"));
  const GroupStatistics stats = conversation->AnalyzeGroups(group_of, groups);
  std::map<int64_t, double> exported;
  for (const auto& c : e.comments) {
    if (c.group_informed_consensus) {
      exported[c.comment_id] = *c.group_informed_consensus;
    }
  }
  for (size_t j = 0; j < e.table.comment_ids.size(); ++j) {
    std::vector<double> agree(groups, 0), seen(groups, 0);
    for (const auto& row : e.table.rows) {
      if (row.group_id && row.votes[j] != polis::kNoVote) {
        agree[*row.group_id] += row.votes[j] > 0;
        seen[*row.group_id] += 1;
      }
    }
    double want = 1;
    for (int g = 0; g < groups; ++g) {
      want *= (agree[g] + 1) / (seen[g] + 2);
    }
    const int32_t col = conversation->comments().Find(e.table.comment_ids[j]);
    if (col < 0) {
      continue;  // a comment without votes has no column
    }
    EXPECT_NEAR(stats.gic[col], want, 1e-15) << "comment " << e.table.comment_ids[j];
    const auto it = exported.find(e.table.comment_ids[j]);
    if (it != exported.end()) {
      EXPECT_NEAR(stats.gic[col], it->second, 1e-12);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Exports, PolisConversation,
                         ::testing::Values("15-per-hour-seattle", "brexit-consensus",
                                           "scoop-hivemind.biodiversity", "vtaiwan.uberx"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace_if(
                               name.begin(), name.end(), [](char c) { return !std::isalnum(c); },
                               '_');
                           return name;
                         });

// ARI of Plenary's groups against Polis's group-id, reported for all four; required >= 0.9 where
// Polis's groups are well separated.
TEST(PolisGroups, AgreeWithPolisWhereGroupsAreWellSeparated) {
  if (!fs::exists(kRoot)) {
    GTEST_SKIP() << "no shared Polis data";
  }
  const std::map<std::string, double> required = {{"vtaiwan.uberx", 0.9},
                                                  {"scoop-hivemind.biodiversity", 0.9},
                                                  {"brexit-consensus", -1},
                                                  {"15-per-hour-seattle", -1}};
  for (const auto& [name, minimum] : required) {
    const Export e = Load(name);
    auto conversation = Build(e);
    const Analysis& a = conversation->Update();
    const double ari = Ari(GroupsOf(a), PolisGroups(e));
    std::printf("[ ARI      ] %-28s k=%d (Polis %s)  ARI vs Polis group-id = %.3f\n", name.c_str(),
                a.k, e.summary.at("groups").c_str(), ari);
    EXPECT_GE(ari, minimum) << name;
  }
}

// Ten runs, each on a seeded random 95% of the votes: the median pairwise ARI of the groupings.
TEST(PolisGroups, AreStableUnderResampling) {
  if (!fs::exists(kRoot)) {
    GTEST_SKIP() << "no shared Polis data";
  }
  for (const std::string name : {"vtaiwan.uberx", "scoop-hivemind.biodiversity", "brexit-consensus",
                                 "15-per-hour-seattle"}) {
    const Export e = Load(name);
    std::vector<std::map<int64_t, int32_t>> runs;
    std::mt19937_64 random(2024);
    for (int run = 0; run < 10; ++run) {
      std::vector<uint8_t> keep(e.votes.size());
      std::bernoulli_distribution coin(0.95);
      for (auto& k : keep) {
        k = coin(random);
      }
      auto conversation = Build(e, keep);
      runs.push_back(GroupsOf(conversation->Update()));
    }
    std::vector<double> pairs;
    for (size_t i = 0; i < runs.size(); ++i) {
      for (size_t j = i + 1; j < runs.size(); ++j) {
        pairs.push_back(Ari(runs[i], runs[j]));
      }
    }
    std::nth_element(pairs.begin(), pairs.begin() + pairs.size() / 2, pairs.end());
    const double median = pairs[pairs.size() / 2];
    std::printf("[ STABLE   ] %-28s median pairwise ARI over 10 runs on 95%% = %.3f\n",
                name.c_str(), median);
    if (name == "vtaiwan.uberx" || name == "scoop-hivemind.biodiversity") {
      EXPECT_GE(median, 0.8) << name;
    }
  }
}

}  // namespace
}  // namespace plenary::opinion
