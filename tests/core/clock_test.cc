#include "core/clock.h"

#include <gtest/gtest.h>

namespace plenary {
namespace {

TEST(Iso8601, RoundTripsWithAndWithoutMilliseconds) {
  auto t = ParseIso8601("2016-09-30T10:15:30Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatIso8601(*t), "2016-09-30T10:15:30Z");
  auto ms = ParseIso8601("2018-01-31T23:59:59.250Z");
  ASSERT_TRUE(ms);
  EXPECT_EQ(FormatIso8601(*ms), "2018-01-31T23:59:59.250Z");
}

TEST(Iso8601, DateOnlyIsMidnightUtc) {
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2017-05-03")), "2017-05-03T00:00:00Z");
}

TEST(Iso8601, OffsetsAreConvertedToUtc) {
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2016-12-07T23:59:00+01:00")), "2016-12-07T22:59:00Z");
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2016-12-07T20:00-05:30")), "2016-12-08T01:30:00Z");
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2016-12-07T20:00:00+00:00")), "2016-12-07T20:00:00Z");
}

TEST(Iso8601, RejectsMalformed) {
  for (const char* bad : {"", "2016-13-01", "2016-02-30", "2016-09-30T25:00Z",
                          "2016-09-30T10:00+2:00", "2016-09-30T10:00+02:60",
                          "2016-09-30T10:00+0200", "2016-9-30", "tomorrow", "2016-09-30Tab:cdZ"}) {
    EXPECT_FALSE(ParseIso8601(bad)) << bad;
  }
}

TEST(Date, ParsesRealDatesOnly) {
  EXPECT_EQ(FormatDate(*ParseDate("2016-09-30")), "2016-09-30");
  EXPECT_TRUE(ParseDate("2016-02-29"));
  EXPECT_FALSE(ParseDate("2017-02-29"));
  EXPECT_FALSE(ParseDate("2017-02-2"));
}

}  // namespace
}  // namespace plenary
