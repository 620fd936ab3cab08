#include "http/router.h"

#include <gtest/gtest.h>

namespace plenary::http {
namespace {

Response Echo(Request& r) {
  return Response::Text(std::string(r.PathParam("id")) + "|" + std::string(r.PathParam("m")));
}

Request Make(Method method, std::string path) {
  Request r;
  r.method = method;
  r.path = std::move(path);
  return r;
}

TEST(SplitPath, IgnoresEmptySegments) {
  EXPECT_EQ(SplitPath("/a//b/"), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_TRUE(SplitPath("/").empty());
}

TEST(Router, MatchesLiteralsAndParameters) {
  Router router;
  router.Get("/api/processes/{id}", Echo);
  router.Get("/api/processes/{id}/members/{m}", Echo);
  auto r = Make(Method::kGet, "/api/processes/7");
  EXPECT_EQ(router.Dispatch(r).body, "7|");
  auto nested = Make(Method::kGet, "/api/processes/7/members/3");
  EXPECT_EQ(router.Dispatch(nested).body, "7|3");
}

TEST(Router, LiteralSegmentsMustMatchExactly) {
  Router router;
  router.Get("/api/processes", Echo);
  auto r = Make(Method::kGet, "/api/processesX");
  EXPECT_EQ(router.Dispatch(r).status, 404);
  auto longer = Make(Method::kGet, "/api/processes/1/2");
  EXPECT_EQ(router.Dispatch(longer).status, 404);
}

TEST(Router, WrongMethodIs405WithAllow) {
  Router router;
  router.Get("/x", Echo);
  router.Post("/x", Echo);
  auto r = Make(Method::kDelete, "/x");
  Response response = router.Dispatch(r);
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers.Get("allow").value(), "GET, POST");
}

TEST(Router, HeadIsServedByGet) {
  Router router;
  router.Get("/x", [](Request&) { return Response::Text("body"); });
  auto r = Make(Method::kHead, "/x");
  EXPECT_EQ(router.Dispatch(r).status, 200);
}

TEST(Router, ErrorsGoThroughTheResponder) {
  Router router;
  router.SetErrorResponder(
      [](const Request&, const Status& s) { return Response::Text("custom " + s.message(), 404); });
  auto r = Make(Method::kGet, "/missing");
  EXPECT_EQ(router.Dispatch(r).body, "custom no page or resource at /missing");
}

TEST(HttpStatusFor, MapsEveryCode) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 422);
  EXPECT_EQ(HttpStatusFor(StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
}

TEST(Response, ErrorHasCodeAndMessage) {
  Response r = Response::Error(NotFound("process 9"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error":{"code":"not_found","message":"process 9"}})");
}

}  // namespace
}  // namespace plenary::http
