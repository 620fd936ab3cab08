#include "engines/dedup/word_diff.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::dedup {
namespace {

// "w12": built by appending (GCC 12 warns falsely on `"w" + std::to_string(n)`).
std::string Word(char prefix, uint64_t n) {
  std::string word(1, prefix);
  word.append(std::to_string(n));
  return word;
}

std::vector<std::string_view> Split(const std::string& text) {
  std::vector<std::string_view> words;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    end = end == std::string::npos ? text.size() : end;
    words.emplace_back(text.data() + start, end - start);
    start = end + 1;
  }
  return words;
}

// Applies hunks to `a`, which must give `b`.
std::vector<std::string_view> Apply(const std::vector<std::string_view>& a,
                                    const std::vector<std::string_view>& b,
                                    const std::vector<DiffHunk>& hunks) {
  std::vector<std::string_view> out;
  size_t at = 0;
  for (const DiffHunk& h : hunks) {
    out.insert(out.end(), a.begin() + at, a.begin() + h.a_begin);
    out.insert(out.end(), b.begin() + h.b_begin, b.begin() + h.b_end);
    at = h.a_end;
  }
  out.insert(out.end(), a.begin() + at, a.end());
  return out;
}

size_t Cost(const std::vector<DiffHunk>& hunks) {
  size_t cost = 0;
  for (const DiffHunk& h : hunks) {
    cost += (h.a_end - h.a_begin) + (h.b_end - h.b_begin);
  }
  return cost;
}

TEST(DiffWords, FindsAnInsertionAndAReplacement) {
  const std::string a = "keep the internet open for all";
  const std::string b = "please keep the internet free for all of us";
  const auto wa = Split(a);
  const auto wb = Split(b);
  const auto hunks = DiffWords(wa, wb);
  ASSERT_EQ(hunks.size(), 3u);
  EXPECT_EQ(hunks[0], (DiffHunk{0, 0, 0, 1}));  // "please" inserted
  EXPECT_EQ(hunks[1], (DiffHunk{3, 4, 4, 5}));  // "open" -> "free"
  EXPECT_EQ(hunks[2], (DiffHunk{6, 6, 7, 9}));  // "of us" appended
}

TEST(DiffWords, EqualSequencesHaveNoHunks) {
  const auto w = Split("a b c");
  EXPECT_TRUE(DiffWords(w, w).empty());
  EXPECT_TRUE(DiffWords({}, {}).empty());
}

// Property: on random edits the hunks rebuild the target, and cost no more than the edits made.
TEST(DiffWords, RebuildsTheTargetWithAShortScript) {
  std::mt19937_64 random(9);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<std::string> pool;
    for (int i = 0; i < 60; ++i) {
      pool.push_back(Word('w', random() % 40));
    }
    std::vector<std::string> edited = pool;
    int edits = 0;
    for (int e = 0; e < static_cast<int>(random() % 8); ++e) {
      const size_t at = random() % (edited.size() + 1);
      if (random() % 2 == 0 && at < edited.size()) {
        edited.erase(edited.begin() + static_cast<long>(at));
      } else {
        edited.insert(edited.begin() + static_cast<long>(at), Word('x', e));
      }
      ++edits;
    }
    const std::vector<std::string_view> a(pool.begin(), pool.end());
    const std::vector<std::string_view> b(edited.begin(), edited.end());
    const auto hunks = DiffWords(a, b);
    ASSERT_EQ(Apply(a, b, hunks), b);
    EXPECT_LE(Cost(hunks), static_cast<size_t>(edits));
  }
}

TEST(DiffWords, FallsBackToOneHunkPastTheEditLimit) {
  std::vector<std::string> a;
  std::vector<std::string> b;
  for (int i = 0; i < 500; ++i) {
    a.push_back(Word('a', i));
    b.push_back(Word('b', i));
  }
  const std::vector<std::string_view> wa(a.begin(), a.end());
  const std::vector<std::string_view> wb(b.begin(), b.end());
  const auto hunks = DiffWords(wa, wb, 100);
  ASSERT_EQ(hunks.size(), 1u);
  EXPECT_EQ(Apply(wa, wb, hunks), wb);
}

}  // namespace
}  // namespace plenary::dedup
