#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace plenary {

// A point in time, UTC, millisecond precision. Stored as ISO 8601 text in the database so both
// backends and people read the same thing.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

// "2016-09-30T10:00:00Z" (milliseconds shown only when non-zero).
std::string FormatIso8601(Timestamp t);
// Accepts "YYYY-MM-DD" (midnight UTC) and "YYYY-MM-DDTHH:MM[:SS[.mmm]]" followed by "Z",
// nothing (UTC) or an offset from UTC ("+01:00", "-05:30"), which is applied.
std::optional<Timestamp> ParseIso8601(std::string_view text);

// A calendar date without time, for mandates and meeting days.
struct Date {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  friend auto operator<=>(const Date&, const Date&) = default;
};
std::string FormatDate(const Date& d);                 // "2016-09-30"
std::optional<Date> ParseDate(std::string_view text);  // strict "YYYY-MM-DD", real dates only

// The source of "now": production uses SystemClock, tests a fake one.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

}  // namespace plenary
