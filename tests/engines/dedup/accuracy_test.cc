// Accuracy of campaign membership on a small labelled corpus from the benchmark's generator
// (bench/dedup): templates with realistic edits, near misses quoting them, four languages.
#include <vector>

#include <gtest/gtest.h>

#include "bench/dedup/corpus.h"
#include "bench/dedup/metrics.h"
#include "engines/dedup/campaign.h"
#include "engines/dedup/index.h"
#include "engines/dedup/minhash.h"
#include "engines/dedup/shingles.h"

namespace plenary::dedup {
namespace {

TEST(Accuracy, CampaignMembershipMeetsTheTargets) {
  bench::Corpus corpus({.comments = 6000, .seed = 77, .mean_campaign_size = 150});
  auto index = Index::Create({.threads = 2});
  ASSERT_TRUE(index.has_value());
  std::vector<bench::LabelledComment> labelled;
  std::vector<Comment> comments;
  for (size_t i = 0; i < corpus.size(); ++i) {
    labelled.push_back(corpus.Generate(i));
  }
  std::vector<int64_t> truth;
  for (const auto& c : labelled) {
    comments.push_back({c.text});
    truth.push_back(c.campaign);
  }
  const auto ids = index->AddBatch(comments);
  const auto campaigns = FindCampaigns(*index, {.min_members = 10});
  std::vector<int64_t> label_of_doc(index->size(), -1);
  for (size_t c = 0; c < campaigns.size(); ++c) {
    for (DocId doc : campaigns[c].members) {
      label_of_doc[doc] = static_cast<int64_t>(c);
    }
  }
  std::vector<int64_t> predicted;
  for (const auto& id : ids) {
    ASSERT_TRUE(id.has_value()) << id.error().ToString();
    predicted.push_back(label_of_doc[*id]);
  }
  const auto scores = bench::ScorePairs(bench::KeepLargeGroups(truth, 10), predicted);
  EXPECT_GT(campaigns.size(), 10u);
  EXPECT_GE(scores.precision(), 0.99);
  EXPECT_GE(scores.recall(), 0.97);
}

TEST(Accuracy, LshFindsThePairsAboveTheThreshold) {
  bench::Corpus corpus({.comments = 1500, .seed = 78, .mean_campaign_size = 60});
  auto index = Index::Create({.threads = 1});
  auto tokenizer = Tokenizer::Create();
  ASSERT_TRUE(index.has_value() && tokenizer.has_value());
  std::vector<std::vector<uint64_t>> sets;
  Tokens tokens;
  for (size_t i = 0; i < corpus.size(); ++i) {
    const auto c = corpus.Generate(i);
    ASSERT_TRUE(index->Add({c.text}).has_value());
    ASSERT_TRUE(tokenizer->Tokenize(c.text, &tokens).ok());
    sets.push_back(ShingleSet(tokens, 5, 4, index->options().seed));
  }
  const auto pairs = bench::SimilarPairs(sets, 0.8);
  ASSERT_GT(pairs.size(), 1000u);
  size_t together = 0;
  for (const auto& [a, b] : pairs) {
    together += index->ClusterOf(a) == index->ClusterOf(b) ? 1 : 0;
  }
  EXPECT_GE(static_cast<double>(together) / static_cast<double>(pairs.size()), 0.98);
}

TEST(SimilarPairs, MatchesBruteForce) {
  std::vector<std::vector<uint64_t>> sets = {{1, 2, 3, 4, 5}, {1, 2, 3, 4, 6}, {1, 2, 3, 4, 5, 6},
                                             {7, 8, 9},       {7, 8, 9},       {1, 9}};
  std::vector<std::pair<uint32_t, uint32_t>> brute;
  for (uint32_t i = 0; i < sets.size(); ++i) {
    for (uint32_t j = i + 1; j < sets.size(); ++j) {
      if (ExactJaccard(sets[i], sets[j]) >= 0.6) {
        brute.emplace_back(i, j);
      }
    }
  }
  EXPECT_EQ(bench::SimilarPairs(sets, 0.6), brute);
}

}  // namespace
}  // namespace plenary::dedup
