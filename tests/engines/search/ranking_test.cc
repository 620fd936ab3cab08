#include "engines/search/ranking.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::search {
namespace {

Index Small() {
  Index index;
  EXPECT_TRUE(index.Add(10, "a b a", "x").ok());
  EXPECT_TRUE(index.Add(20, "a c", "y").ok());
  EXPECT_TRUE(index.Add(30, "b", "x").ok());
  EXPECT_TRUE(index.Add(40, "c", "y").ok());
  EXPECT_TRUE(index.Add(50, "d", "y").ok());
  return index;
}

TEST(RankingTest, ScoresAreBm25AsFts5ComputesIt) {
  Index index = Small();
  // N = 5, lengths 4 3 2 2 2 (terms and facets), avgdl 2.6; "a" in 2 documents:
  // idf = ln(3.5 / 2.5); 10: f = 2, D = 4; 20: f = 1, D = 3 (worked out by hand, in Python).
  auto hits = Search(index, {{{"a"}}, {}}, 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].id, 10);
  EXPECT_DOUBLE_EQ(hits[0].score, 0.40179983162282634);
  EXPECT_EQ(hits[1].id, 20);
  EXPECT_DOUBLE_EQ(hits[1].score, 0.3165495384002201);
}

TEST(RankingTest, EveryWordIsRequiredAndAnyAlternativeMatchesIt) {
  Index index = Small();
  EXPECT_TRUE(Search(index, {{{"a"}, {"d"}}, {}}, 10).empty());
  auto hits = Search(index, {{{"a"}, {"b", "c"}}, {}}, 10);
  ASSERT_EQ(hits.size(), 2u);  // 10 has a and b, 20 has a and c
  EXPECT_TRUE(Search(index, {{{"a"}, {"nowhere"}}, {}}, 10).empty());
  EXPECT_EQ(Search(index, {{{"nowhere", "b"}}, {}}, 10).size(), 2u);
}

TEST(RankingTest, FiltersNarrowAndAnyTokenOfAFilterPasses) {
  Index index = Small();
  auto hits = Search(index, {{{"a", "b", "c"}}, {{"x"}}}, 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_TRUE((hits[0].id == 10 && hits[1].id == 30) || (hits[0].id == 30 && hits[1].id == 10));
  EXPECT_EQ(Search(index, {{{"a", "b", "c"}}, {{"x", "y"}}}, 10).size(), 4u);
  EXPECT_TRUE(Search(index, {{{"a"}}, {{"x"}, {"y"}}}, 10).empty());
  EXPECT_TRUE(Search(index, {{{"a"}}, {{"unknown"}}}, 10).empty());
}

TEST(RankingTest, ExcludedDocumentsAreLeftOutAndTheNextOnesTakeTheirPlace) {
  Index index = Small();
  auto hits = Search(index, {{{"a"}}, {}}, 1, {10});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, 20);
}

TEST(RankingTest, AddRefusesAnIdTwiceAndTakesThemInAnyOrder) {
  Index index = Small();
  EXPECT_EQ(index.Add(50, "a", "").code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(index.Add(7, "a c", "y").ok());  // as 20, committed late, after higher ids
  EXPECT_TRUE(index.Add(51, "", "").ok());     // an empty document is a document
  EXPECT_EQ(index.size(), 7);
  EXPECT_EQ(index.max_id(), 51);
  EXPECT_TRUE(index.contains(7));
  EXPECT_FALSE(index.contains(8));
  // Equal scores: the lower id first, wherever it was added.
  auto hits = Search(index, {{{"a"}}, {{"y"}}}, 1);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, 7);
}

TEST(RankingTest, ARareFilterLeadsAndACommonOneIsChecked) {
  Index index;
  for (int64_t id = 1; id <= 1000; ++id) {
    ASSERT_TRUE(index.Add(id, id % 2 ? "a b" : "a", id == 500 ? "rare common" : "common").ok());
  }
  // "rare" has one posting against a thousand for "a": it leads; "common" is checked.
  auto hits = Search(index, {{{"a"}}, {{"rare"}, {"common"}}}, 10);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, 500);
  EXPECT_EQ(Search(index, {{{"b"}}, {{"rare"}}}, 10).size(), 0u);
  EXPECT_EQ(Search(index, {{{"b"}}, {{"common"}}}, 1000).size(), 500u);
}

// A reference that reads every document: the same formula, no cursors, no skipping, a full
// sort. The engine must give the same hits in the same order.
struct Doc {
  int64_t id;
  std::vector<std::string> terms;
  std::vector<std::string> facets;
  std::map<std::string, int> counts;  // of the terms
};

std::vector<Hit> Reference(const std::vector<Doc>& docs, const Query& q, size_t k,
                           const std::unordered_set<int64_t>& excluded) {
  double n = static_cast<double>(docs.size());
  double total = 0;
  std::map<std::string, double> hits;
  for (const Doc& d : docs) {
    total += static_cast<double>(d.terms.size() + d.facets.size());
    for (const auto& [t, count] : d.counts) {
      hits[t] += 1;
    }
  }
  std::vector<Hit> out;
  for (const Doc& d : docs) {
    bool match = !excluded.contains(d.id);
    for (const auto& word : q.words) {
      match = match && std::any_of(word.begin(), word.end(),
                                   [&](const std::string& t) { return d.counts.contains(t); });
    }
    for (const auto& filter : q.filters) {
      match = match && std::any_of(filter.begin(), filter.end(), [&](const std::string& t) {
                return std::count(d.facets.begin(), d.facets.end(), t) > 0;
              });
    }
    if (!match) {
      continue;
    }
    double length = static_cast<double>(d.terms.size() + d.facets.size());
    double score = 0;
    for (const auto& word : q.words) {
      for (const std::string& t : word) {
        auto found = d.counts.find(t);
        if (found == d.counts.end()) {
          continue;
        }
        auto f = static_cast<double>(found->second);
        double idf = std::log((n - hits[t] + 0.5) / (hits[t] + 0.5));
        idf = idf <= 0 ? 1e-6 : idf;
        score += idf * ((f * 2.2) / (f + 1.2 * (1 - 0.75 + 0.75 * length / (total / n))));
      }
    }
    out.push_back({d.id, score});
  }
  std::sort(out.begin(), out.end(), [](const Hit& a, const Hit& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  out.resize(std::min(out.size(), k));
  return out;
}

std::string Join(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    out += (out.empty() ? "" : " ") + t;
  }
  return out;
}

TEST(RankingTest, AgreesWithAFullScanOnRandomDocumentsAndQueries) {
  std::mt19937 random(2017);
  // A Zipf-like vocabulary of 300 words, so some words are in most documents; 6 facet values.
  std::vector<std::string> vocabulary;
  for (int i = 0; i < 300; ++i) {
    vocabulary.push_back("w" + std::to_string(i));
  }
  auto word = [&] {
    double u = std::uniform_real_distribution<>(0, 1)(random);
    return vocabulary[static_cast<size_t>(std::pow(u, 3) * 300)];
  };
  std::vector<Doc> docs;
  Index index;
  int64_t id = 0;
  for (int i = 0; i < 3000; ++i) {
    id += 1 + static_cast<int64_t>(random() % 3);
    Doc d{id, {}, {"g" + std::to_string(random() % 3), "c" + std::to_string(random() % 4)}, {}};
    int length = static_cast<int>(random() % 60);
    for (int j = 0; j < length; ++j) {
      d.terms.push_back(word());
      ++d.counts[d.terms.back()];
    }
    ASSERT_TRUE(index.Add(d.id, Join(d.terms), Join(d.facets)).ok());
    docs.push_back(std::move(d));
  }
  for (int trial = 0; trial < 300; ++trial) {
    Query q;
    int words = 1 + static_cast<int>(random() % 3);
    for (int w = 0; w < words; ++w) {
      q.words.push_back({word()});
      if (random() % 3 == 0) {
        q.words.back().push_back(word());
      }
    }
    if (random() % 2 == 0) {
      q.filters.push_back({"g" + std::to_string(random() % 3)});
    }
    if (random() % 3 == 0) {
      q.filters.push_back({"c" + std::to_string(random() % 4), "c" + std::to_string(random() % 4)});
    }
    std::unordered_set<int64_t> excluded;
    for (int e = 0; e < 20; ++e) {
      excluded.insert(docs[random() % docs.size()].id);
    }
    size_t k = 1 + random() % 30;
    auto expected = Reference(docs, q, k, excluded);
    auto got = Search(index, q, k, excluded);
    ASSERT_EQ(got.size(), expected.size()) << "trial " << trial;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].id, expected[i].id) << "trial " << trial << " hit " << i;
      EXPECT_DOUBLE_EQ(got[i].score, expected[i].score) << "trial " << trial << " hit " << i;
    }
  }
}

}  // namespace
}  // namespace plenary::search
