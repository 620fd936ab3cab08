#include "core/status.h"

#include <gtest/gtest.h>

#include "core/result.h"

namespace plenary {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) {
    return Error(InvalidArgument("odd"));
  }
  return x / 2;
}

Result<int> Quarter(int x) {
  ASSIGN_OR_RETURN(int half, Half(x));
  ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int x) {
  RETURN_IF_ERROR(detail::ToStatus(Half(x)));
  return Status::Ok();
}

TEST(Status, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(Status, ToStringNamesCodeAndMessage) {
  EXPECT_EQ(NotFound("process 7").ToString(), "not_found: process 7");
  EXPECT_EQ(InvalidArgument("x").WithContext("title").ToString(), "invalid_argument: title: x");
}

TEST(Result, AssignOrReturnPropagatesFirstError) {
  EXPECT_EQ(Quarter(8).value(), 2);
  ASSERT_FALSE(Quarter(6).has_value());
  EXPECT_EQ(Quarter(6).error().code(), StatusCode::kInvalidArgument);
}

TEST(Result, ReturnIfErrorWorksInStatusFunctions) {
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(3).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace plenary
