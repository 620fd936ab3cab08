#include "http/request.h"

#include <gtest/gtest.h>

namespace plenary::http {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlus) {
  EXPECT_EQ(PercentDecode("a%20b+c", true).value(), "a b c");
  EXPECT_EQ(PercentDecode("a%20b+c", false).value(), "a b+c");
  EXPECT_EQ(PercentDecode("R%C3%A9solution", false).value(), "Résolution");
}

TEST(PercentDecode, KeepsMalformedEscapesLiterally) {
  EXPECT_EQ(PercentDecode("100%", false).value(), "100%");
  EXPECT_EQ(PercentDecode("%zz", false).value(), "%zz");
  EXPECT_EQ(PercentDecode("%4", false).value(), "%4");
}

TEST(PercentDecode, RefusesNulAndInvalidUtf8) {
  EXPECT_FALSE(PercentDecode("a%00b", false));
  EXPECT_FALSE(PercentDecode("%C3%28", false));
}

TEST(ParseQuery, SplitsAndDecodesPairs) {
  auto q = ParseQuery("question=1&country=BRA&q=enhanced+cooperation&empty=&flag");
  EXPECT_EQ(q.find("question")->second, "1");
  EXPECT_EQ(q.find("q")->second, "enhanced cooperation");
  EXPECT_EQ(q.find("empty")->second, "");
  EXPECT_EQ(q.find("flag")->second, "");
  EXPECT_EQ(q.size(), 5u);
}

TEST(Headers, AreCaseInsensitive) {
  Headers h;
  h.Add("Content-Type", "application/json");
  EXPECT_EQ(h.Get("content-type").value(), "application/json");
  h.Set("CONTENT-TYPE", "text/html");
  EXPECT_EQ(h.Get("Content-Type").value(), "text/html");
  h.Remove("content-type");
  EXPECT_FALSE(h.Get("content-type"));
}

TEST(Request, ReadsCookiesByName) {
  Request r;
  EXPECT_FALSE(r.Cookie("plenary_session"));
  r.headers.Set("cookie", "theme=dark; plenary_session=abc123;other=x");
  EXPECT_EQ(r.Cookie("plenary_session").value(), "abc123");
  EXPECT_EQ(r.Cookie("other").value(), "x");
  EXPECT_FALSE(r.Cookie("plenary"));
}

TEST(Request, WantsHtmlFollowsAccept) {
  Request r;
  EXPECT_FALSE(r.WantsHtml());
  r.headers.Set("accept", "text/html,application/xhtml+xml");
  EXPECT_TRUE(r.WantsHtml());
}

}  // namespace
}  // namespace plenary::http
