#include "auth/secrets.h"

#include <set>

#include <gtest/gtest.h>

namespace plenary::auth {
namespace {

TEST(HashPassword, IsArgon2idAndVerifies) {
  auto hash = HashPassword("correct horse battery", PasswordCost::MinimumForTest());
  ASSERT_TRUE(hash) << hash.error().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterz"));
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "x"));
}

TEST(HashPassword, SaltsEveryHash) {
  auto a = HashPassword("same password", PasswordCost::MinimumForTest());
  auto b = HashPassword("same password", PasswordCost::MinimumForTest());
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST(HashPassword, RefusesTooShortAndTooLong) {
  EXPECT_EQ(HashPassword("short", PasswordCost::MinimumForTest()).error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(HashPassword(std::string(2000, 'x'), PasswordCost::MinimumForTest()).error().code(),
            StatusCode::kInvalidArgument);
}

TEST(RandomToken, IsUrlSafeAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = RandomToken();
    EXPECT_EQ(t.size(), 43u);
    EXPECT_EQ(
        t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(HashToken, IsHexSha256) {
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(EqualInConstantTime, ComparesContents) {
  EXPECT_TRUE(EqualInConstantTime("abc", "abc"));
  EXPECT_FALSE(EqualInConstantTime("abc", "abd"));
  EXPECT_FALSE(EqualInConstantTime("abc", "ab"));
  EXPECT_TRUE(EqualInConstantTime("", ""));
}

}  // namespace
}  // namespace plenary::auth
