#include "http/json_body.h"

#include <gtest/gtest.h>

namespace plenary::http {
namespace {

Request WithBody(std::string body, std::string type = "application/json") {
  Request r;
  r.headers.Set("content-type", std::move(type));
  r.body = std::move(body);
  return r;
}

TEST(ParseJsonBody, AcceptsAnObject) {
  auto parsed = ParseJsonBody(WithBody(R"({"title": "x"})", "application/json; charset=utf-8"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ((*parsed)["title"], "x");
}

TEST(ParseJsonBody, RefusesWithAReason) {
  struct Case {
    Request request;
    std::string mentions;
  };
  std::vector<Case> cases = {
      {WithBody("{}", "text/plain"), "application/json"},
      {WithBody("{\"a\": ", "application/json"), "at byte"},
      {WithBody("[1, 2]"), "object"},
      {WithBody("\"\xff\""), "UTF-8"},
  };
  for (const auto& c : cases) {
    auto parsed = ParseJsonBody(c.request);
    ASSERT_FALSE(parsed) << c.request.body;
    EXPECT_EQ(parsed.error().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message().find(c.mentions), std::string::npos)
        << parsed.error().message();
  }
}

TEST(PathId, AcceptsPositiveIntegersOnly) {
  Request r;
  r.path_params["id"] = "42";
  EXPECT_EQ(PathId(r, "id", "process").value(), 42);
  for (const char* bad : {"0", "-1", "4x", "", "99999999999999999999"}) {
    r.path_params["id"] = bad;
    auto id = PathId(r, "id", "process");
    ASSERT_FALSE(id) << bad;
    EXPECT_EQ(id.error().code(), StatusCode::kNotFound);
  }
}

}  // namespace
}  // namespace plenary::http
