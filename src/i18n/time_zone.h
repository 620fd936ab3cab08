#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"

namespace plenary::i18n {

// A moment as the clocks of a time zone showed it (IANA name, e.g. "Europe/Geneva"), through
// ICU's time zone data: {"2016-12-07", "23:59", "UTC+01:00"}. An unknown zone is shown in UTC.
struct LocalTime {
  std::string date;    // YYYY-MM-DD
  std::string time;    // HH:MM
  std::string offset;  // "UTC", "UTC+01:00", "UTC-04:30"
};
LocalTime ToLocalTime(Timestamp moment, std::string_view time_zone);

}  // namespace plenary::i18n
