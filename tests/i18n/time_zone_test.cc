#include "i18n/time_zone.h"

#include <gtest/gtest.h>

namespace plenary::i18n {
namespace {

Timestamp At(std::string_view iso) {
  return *ParseIso8601(iso);
}

TEST(ToLocalTime, ShowsTheZonesClockWithItsOffset) {
  // The WGEC's call closed at the end of 7 December 2016 in Geneva (Europe/Zurich, UTC+01:00 in
  // winter).
  LocalTime geneva = ToLocalTime(At("2016-12-07T22:59:00Z"), "Europe/Zurich");
  EXPECT_EQ(geneva.date, "2016-12-07");
  EXPECT_EQ(geneva.time, "23:59");
  EXPECT_EQ(geneva.offset, "UTC+01:00");
  LocalTime summer = ToLocalTime(At("2016-09-30T10:00:00Z"), "Europe/Zurich");
  EXPECT_EQ(summer.time, "12:00");
  EXPECT_EQ(summer.offset, "UTC+02:00");
  LocalTime new_york = ToLocalTime(At("2016-12-08T03:00:00Z"), "America/New_York");
  EXPECT_EQ(new_york.date, "2016-12-07");
  EXPECT_EQ(new_york.offset, "UTC-05:00");
  EXPECT_EQ(ToLocalTime(At("2016-12-08T03:00:00Z"), "Asia/Kolkata").offset, "UTC+05:30");
}

TEST(ToLocalTime, UnknownZonesAndUtcShowUtc) {
  for (const char* zone : {"UTC", "", "Mars/Olympus_Mons"}) {
    LocalTime t = ToLocalTime(At("2016-12-07T22:59:00Z"), zone);
    EXPECT_EQ(t.date, "2016-12-07") << zone;
    EXPECT_EQ(t.time, "22:59") << zone;
    EXPECT_EQ(t.offset, "UTC") << zone;
  }
}

}  // namespace
}  // namespace plenary::i18n
