#include "consultation/process_of.h"

#include <gtest/gtest.h>

namespace plenary::consultation {
namespace {

// A lookup that counts the questions it answers: call 7 is in process 2, and call 8 exists once
// `exists_8` is set.
struct CountingLookup {
  int asked = 0;
  bool exists_8 = false;
  ProcessOf::Lookup Get() {
    return [this](int64_t id) -> Result<int64_t> {
      ++asked;
      if (id == 7 || (id == 8 && exists_8)) {
        return int64_t{2};
      }
      return Error(NotFound("no call"));
    };
  }
};

TEST(ProcessOf, AnAnswerFoundIsKept) {
  CountingLookup lookup;
  ProcessOf process_of(lookup.Get());
  EXPECT_EQ(process_of(7).value_or(0), 2);
  EXPECT_EQ(process_of(7).value_or(0), 2);
  EXPECT_EQ(lookup.asked, 1);
}

TEST(ProcessOf, AnUnknownIdIsAskedAgainSinceItMayBeCreated) {
  CountingLookup lookup;
  ProcessOf process_of(lookup.Get());
  auto missing = process_of(8);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), StatusCode::kNotFound);
  lookup.exists_8 = true;
  EXPECT_EQ(process_of(8).value_or(0), 2);
  EXPECT_EQ(lookup.asked, 2);
}

TEST(ProcessOf, PastItsSizeItStillAnswersButAsksEachTime) {
  CountingLookup lookup;
  lookup.exists_8 = true;
  ProcessOf process_of(lookup.Get(), 1);
  EXPECT_EQ(process_of(7).value_or(0), 2);
  EXPECT_EQ(process_of(8).value_or(0), 2);
  EXPECT_EQ(process_of(8).value_or(0), 2);
  EXPECT_EQ(process_of(7).value_or(0), 2);
  EXPECT_EQ(lookup.asked, 3);
}

}  // namespace
}  // namespace plenary::consultation
