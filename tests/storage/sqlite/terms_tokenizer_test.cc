// FTS5's plenary_terms tokenizer, on a connection SqliteConnection::Open made: tokens are what
// lies between ASCII spaces, taken as they are.
#include "storage/sqlite/terms_tokenizer.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_connection.h"

namespace plenary::storage {
namespace {

class TermsTokenizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteConnection::Open(":memory:", /*read_only=*/false);
    ASSERT_TRUE(opened) << opened.error().ToString();
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->ExecuteScript("CREATE VIRTUAL TABLE t USING fts5(a, content = '', "
                                   "tokenize = 'plenary_terms');"
                                   "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');")
                    .ok());
  }

  // The tokens of `text` with their byte offsets, as FTS5 stored them.
  std::vector<std::string> Tokens(const std::string& text) {
    const int64_t doc = ++docs_;  // a contentless table deletes nothing: a document a call
    std::vector<Value> row = {doc, text};
    EXPECT_TRUE(db_->Execute("INSERT INTO t (rowid, a) VALUES (?, ?)", row).has_value());
    std::vector<Value> param = {doc};
    auto rows = db_->Query("SELECT term, offset FROM v WHERE doc = ? ORDER BY offset", param);
    EXPECT_TRUE(rows) << rows.error().ToString();
    std::vector<std::string> out;
    for (const auto& r : rows->rows) {
      out.push_back(r.Text(0) + "@" + std::to_string(r.Int(1)));
    }
    return out;
  }

  int64_t Matches(const std::string& query) {
    std::vector<Value> param = {query};
    auto rows = db_->Query("SELECT COUNT(*) FROM t WHERE t MATCH ?", param);
    EXPECT_TRUE(rows) << rows.error().ToString();
    return rows ? rows->rows[0].Int(0) : -1;
  }

  std::unique_ptr<SqliteConnection> db_;
  int64_t docs_ = 0;
};

TEST_F(TermsTokenizerTest, SplitsAtSpacesOnly) {
  EXPECT_EQ(Tokens("digit divid  ai\xE2\x80\x99s w7a"),
            (std::vector<std::string>{"digit@0", "divid@1", "ai\xE2\x80\x99s@2", "w7a@3"}));
  EXPECT_EQ(Tokens("  lead trail  "), (std::vector<std::string>{"lead@0", "trail@1"}));
  EXPECT_EQ(Tokens("数字 鸿沟"), (std::vector<std::string>{"数字@0", "鸿沟@1"}));
  EXPECT_TRUE(Tokens("").empty());
  EXPECT_TRUE(Tokens("   ").empty());
  // No folding and no other separators: the text is terms already.
  EXPECT_EQ(Tokens("Mixed a-b"), (std::vector<std::string>{"Mixed@0", "a-b@1"}));
}

TEST_F(TermsTokenizerTest, QueriesAreSplitAlike) {
  Tokens("digit divid ai w7a");
  EXPECT_EQ(Matches("\"divid\""), 1);
  EXPECT_EQ(Matches("\"w7a\" AND \"digit\""), 1);
  EXPECT_EQ(Matches("\"digit divid\""), 1);  // a phrase: positions are term positions
  EXPECT_EQ(Matches("\"divid digit\""), 0);
  EXPECT_EQ(Matches("\"DIGIT\""), 0);
  EXPECT_EQ(Matches("\"dig\""), 0);
}

TEST_F(TermsTokenizerTest, TakesNoOptions) {
  Status s = db_->ExecuteScript(
      "CREATE VIRTUAL TABLE u USING fts5(a, tokenize = 'plenary_terms remove_diacritics 1')");
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace plenary::storage
