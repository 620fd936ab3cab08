#include "core/clock.h"

#include <charconv>

#include <fmt/compile.h>
#include <fmt/format.h>

namespace plenary {
namespace {

bool ReadInt(std::string_view text, size_t pos, size_t len, int& out) {
  if (pos + len > text.size()) {
    return false;
  }
  for (size_t i = pos; i < pos + len; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
  }
  auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
  return ec == std::errc();
}

}  // namespace

std::string FormatIso8601(Timestamp t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss hms{t - day};
  auto ms = hms.subseconds().count();
  // A compiled format: the runtime one was 3,600 instructions a call, and imports and every
  // submission format several timestamps.
  std::string out =
      fmt::format(FMT_COMPILE("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}"), static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  hms.hours().count(), hms.minutes().count(), hms.seconds().count());
  if (ms != 0) {
    out += fmt::format(FMT_COMPILE(".{:03}"), ms);
  }
  out += 'Z';
  return out;
}

std::string FormatDate(const Date& d) {
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

std::optional<Date> ParseDate(std::string_view text) {
  int y = 0;
  int m = 0;
  int d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ReadInt(text, 0, 4, y) ||
      !ReadInt(text, 5, 2, m) || !ReadInt(text, 8, 2, d)) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year{y},
                                  std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  return Date{y, static_cast<unsigned>(m), static_cast<unsigned>(d)};
}

std::optional<Timestamp> ParseIso8601(std::string_view text) {
  using namespace std::chrono;
  auto date = ParseDate(text.substr(0, 10));
  if (!date) {
    return std::nullopt;
  }
  sys_days day{year{date->year} / month{date->month} / std::chrono::day{date->day}};
  Timestamp t{day};
  if (text.size() == 10) {
    return t;
  }
  if (text[10] != 'T' && text[10] != ' ') {
    return std::nullopt;
  }
  int h = 0;
  int mi = 0;
  int s = 0;
  int ms = 0;
  size_t pos = 11;
  if (!ReadInt(text, pos, 2, h) || text.size() < pos + 5 || text[pos + 2] != ':' ||
      !ReadInt(text, pos + 3, 2, mi)) {
    return std::nullopt;
  }
  pos += 5;
  if (pos < text.size() && text[pos] == ':') {
    if (!ReadInt(text, pos + 1, 2, s)) {
      return std::nullopt;
    }
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      if (!ReadInt(text, pos + 1, 3, ms)) {
        return std::nullopt;
      }
      pos += 4;
    }
  }
  // "Z", nothing (UTC), or an offset "+hh:mm" / "-hh:mm" from UTC.
  std::string_view zone = text.substr(pos);
  minutes offset{0};
  if (!zone.empty() && zone != "Z") {
    int oh = 0;
    int om = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' ||
        !ReadInt(zone, 1, 2, oh) || !ReadInt(zone, 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = minutes{(zone[0] == '-' ? -1 : 1) * (oh * 60 + om)};
  }
  if (h > 23 || mi > 59 || s > 60) {
    return std::nullopt;
  }
  return t + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms} - offset;
}

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace plenary
