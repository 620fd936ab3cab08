#include "http/response_cache.h"

#include <thread>

#include <gtest/gtest.h>

namespace plenary::http {
namespace {

using std::chrono::milliseconds;

Request Get(std::string target) {
  Request r;
  r.method = Method::kGet;
  r.target = std::move(target);
  return r;
}

Response Public(std::string body) {
  Response r = Response::Text(std::move(body));
  r.shared_cache = true;
  return r;
}

TEST(ResponseCache, KeysOnlyAnonymousReads) {
  EXPECT_TRUE(ResponseCache::KeyFor(Get("/a")));
  Request with_cookie = Get("/a");
  with_cookie.headers.Set("cookie", "session=1");
  EXPECT_FALSE(ResponseCache::KeyFor(with_cookie));
  Request with_token = Get("/a");
  with_token.headers.Set("authorization", "Bearer x");
  EXPECT_FALSE(ResponseCache::KeyFor(with_token));
  Request post = Get("/a");
  post.method = Method::kPost;
  EXPECT_FALSE(ResponseCache::KeyFor(post));
  Request html = Get("/a");
  html.headers.Set("accept", "text/html");
  EXPECT_NE(*ResponseCache::KeyFor(html), *ResponseCache::KeyFor(Get("/a")));
}

TEST(ResponseCache, StoresOnlyPublicSuccessfulResponsesWithoutCookies) {
  ResponseCache cache(milliseconds(1000), 10);
  cache.Store("a", Response::Text("not marked"));
  Response failed = Public("x");
  failed.status = 404;
  cache.Store("b", failed);
  Response cookie = Public("x");
  cookie.headers.Set("set-cookie", "s=1");
  cache.Store("c", cookie);
  cache.Store("d", Public("yes"));
  EXPECT_FALSE(cache.Find("a"));
  EXPECT_FALSE(cache.Find("b"));
  EXPECT_FALSE(cache.Find("c"));
  EXPECT_EQ(cache.Find("d")->body, "yes");
}

TEST(ResponseCache, InvalidateDropsEverything) {
  ResponseCache cache(milliseconds(1000), 10);
  cache.Store("a", Public("1"));
  cache.Invalidate();
  EXPECT_FALSE(cache.Find("a"));
}

TEST(ResponseCache, OneCallerRefreshesAnExpiredEntryWhileOthersGetIt) {
  ResponseCache cache(milliseconds(20), 10);
  cache.Store("a", Public("old"));
  std::this_thread::sleep_for(milliseconds(30));
  EXPECT_FALSE(cache.Find("a"));            // this caller refreshes
  EXPECT_EQ(cache.Find("a")->body, "old");  // the others are not sent to the handler
  cache.Store("a", Public("new"));
  EXPECT_EQ(cache.Find("a")->body, "new");
}

TEST(ResponseCache, EvictsTheOldestBeyondCapacity) {
  ResponseCache cache(milliseconds(1000), 2);
  cache.Store("a", Public("1"));
  cache.Store("b", Public("2"));
  cache.Store("c", Public("3"));
  EXPECT_FALSE(cache.Find("a"));
  EXPECT_TRUE(cache.Find("b"));
  EXPECT_TRUE(cache.Find("c"));
}

TEST(ResponseCache, ZeroTtlDisables) {
  ResponseCache cache(milliseconds(0), 10);
  EXPECT_FALSE(cache.enabled());
  cache.Store("a", Public("1"));
  EXPECT_FALSE(cache.Find("a"));
}

}  // namespace
}  // namespace plenary::http
