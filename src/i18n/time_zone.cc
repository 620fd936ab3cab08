#include "i18n/time_zone.h"

#include <cstdlib>

#include <fmt/format.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

namespace plenary::i18n {

LocalTime ToLocalTime(Timestamp moment, std::string_view time_zone) {
  int64_t ms = moment.time_since_epoch().count();
  int32_t offset_ms = 0;
  if (!time_zone.empty() && time_zone != "UTC") {
    std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
        icu::StringPiece(time_zone.data(), static_cast<int32_t>(time_zone.size())))));
    icu::UnicodeString id;
    zone->getID(id);
    if (id != icu::UnicodeString("Etc/Unknown")) {
      int32_t raw = 0;
      int32_t dst = 0;
      UErrorCode status = U_ZERO_ERROR;
      zone->getOffset(static_cast<UDate>(ms), false, raw, dst, status);
      if (U_SUCCESS(status)) {
        offset_ms = raw + dst;
      }
    }
  }
  Timestamp local = moment + std::chrono::milliseconds(offset_ms);
  std::string iso = FormatIso8601(local);  // "2016-12-07T23:59:00Z" (or with .mmm)
  LocalTime out{iso.substr(0, 10), iso.substr(11, 5), "UTC"};
  if (offset_ms != 0) {
    int minutes = std::abs(offset_ms) / 60000;
    out.offset =
        fmt::format("UTC{}{:02}:{:02}", offset_ms < 0 ? '-' : '+', minutes / 60, minutes % 60);
  }
  return out;
}

}  // namespace plenary::i18n
