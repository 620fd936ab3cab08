#include "engines/search/posting_list.h"

#include <algorithm>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::search {
namespace {

struct Posting {
  DocNumber doc;
  uint32_t frequency;
};

// Gaps from 1 to a million, frequencies mostly small and sometimes large, over several blocks.
std::vector<Posting> RandomPostings(std::mt19937& random, int count) {
  std::vector<Posting> out;
  DocNumber doc = 0;
  for (int i = 0; i < count; ++i) {
    uint32_t gap = random() % 4 == 0 ? random() % 1'000'000 + 1 : random() % 5 + 1;
    doc = i == 0 ? gap - 1 : doc + gap;
    uint32_t frequency = random() % 3 == 0 ? random() % 70'000 + 1 : random() % 4 + 1;
    out.push_back({doc, frequency});
  }
  return out;
}

PostingList Build(const std::vector<Posting>& postings) {
  PostingList list;
  for (const Posting& p : postings) {
    list.Add(p.doc, p.frequency);
  }
  return list;
}

TEST(PostingListTest, NextReadsBackEveryPostingInOrder) {
  std::mt19937 random(7);
  for (int count : {0, 1, 127, 128, 129, 1000}) {
    auto postings = RandomPostings(random, count);
    PostingList list = Build(postings);
    EXPECT_EQ(list.size(), count);
    PostingList::Cursor cursor(list);
    for (const Posting& p : postings) {
      ASSERT_EQ(cursor.doc(), p.doc);
      EXPECT_EQ(cursor.frequency(), p.frequency);
      cursor.Next();
    }
    EXPECT_EQ(cursor.doc(), kNoDoc);
    cursor.Next();  // past the end stays there
    EXPECT_EQ(cursor.doc(), kNoDoc);
  }
}

TEST(PostingListTest, AdvanceFindsTheFirstDocumentAtOrAfterTheTarget) {
  std::mt19937 random(11);
  auto postings = RandomPostings(random, 5000);
  PostingList list = Build(postings);
  for (int trial = 0; trial < 200; ++trial) {
    PostingList::Cursor cursor(list);
    DocNumber target = 0;
    while (true) {
      target += random() % 3 == 0 ? random() % 20'000'000 : random() % 10;
      cursor.Advance(target);
      auto expected = std::lower_bound(postings.begin(), postings.end(), target,
                                       [](const Posting& p, DocNumber t) { return p.doc < t; });
      if (expected == postings.end()) {
        EXPECT_EQ(cursor.doc(), kNoDoc);
        break;
      }
      ASSERT_EQ(cursor.doc(), expected->doc) << "target " << target;
      EXPECT_EQ(cursor.frequency(), expected->frequency);
      cursor.Advance(target - (target > 0 ? 1 : 0));  // never moves backwards
      EXPECT_EQ(cursor.doc(), expected->doc);
    }
  }
}

TEST(PostingListTest, ADenseListTakesAboutOneByteAPosting) {
  PostingList list;
  for (DocNumber doc = 0; doc < 100'000; doc += 2) {
    list.Add(doc, 1 + doc % 3);
  }
  EXPECT_LT(list.bytes(), size_t{50'000} * 2);
}

}  // namespace
}  // namespace plenary::search
