#include "audit/views.h"

#include <chrono>
#include <set>

#include <fmt/format.h>

#include "core/clock.h"

namespace plenary::audit {
namespace {

using nlohmann::json;

// The catalog's message for `key`, or `fallback` when the catalog has none (it then returns
// the key itself), so an object type or action added later still reads sensibly.
std::string LabelOr(const Translate& t, const std::string& key, std::string_view fallback) {
  std::string label = t(key, {});
  return label == key ? std::string(fallback) : label;
}

// "2 January 2026, 03:04:05 UTC"; the stored text when it is not a timestamp.
std::string FormatWhen(const std::string& at, const Translate& t) {
  auto parsed = ParseIso8601(at);
  if (!parsed) {
    return at;
  }
  auto day = std::chrono::floor<std::chrono::days>(*parsed);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss time(std::chrono::floor<std::chrono::seconds>(*parsed - day));
  return t("audit.history.at",
           {{"day", std::to_string(static_cast<unsigned>(ymd.day()))},
            {"month", t(fmt::format("date.month.{}", static_cast<unsigned>(ymd.month())), {})},
            {"year", std::to_string(static_cast<int>(ymd.year()))},
            {"time", fmt::format("{:02}:{:02}:{:02}", time.hours().count(), time.minutes().count(),
                                 time.seconds().count())}});
}

std::string PercentEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.' || c == '~';
    out += plain ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return out;
}

json ParseStored(const std::string& text) {
  json value = json::parse(text, nullptr, false);
  return value.is_discarded() ? json(text) : value;
}

json EntryView(const Entry& e, const Translate& t) {
  std::string none = t("audit.history.no_value", {});
  json changes = json::array();
  // An erased payload is the same marker before and after: there is no change to show.
  if (!e.payload_erased()) {
    for (const FieldChange& c : DiffFields(ParseStored(e.before_json), ParseStored(e.after_json))) {
      changes.push_back({{"field", c.field},
                         {"before", DisplayValue(c.before, none)},
                         {"after", DisplayValue(c.after, none)}});
    }
  }
  std::string action = LabelOr(t, "audit.action." + e.action, e.action);
  json view = {
      {"id", e.id},
      {"at", e.at},
      {"when", FormatWhen(e.at, t)},
      {"summary", t("audit.history.entry", {{"action", action}, {"actor", e.actor.label}})},
      {"changes", changes},
      {"hash", e.hash},
      {"redacted", e.redacted()},
      {"payload_erased", e.payload_erased()}};
  if (e.redacted()) {
    view["redacted_note"] = LabelOr(t, "audit.history.redacted",
                                    "Personal data in this entry has been erased; its hash "
                                    "still covers the erased values' digests.");
  }
  return view;
}

}  // namespace

std::vector<FieldChange> DiffFields(const json& before, const json& after) {
  if (!before.is_object() && !after.is_object() && !before.is_null() && !after.is_null()) {
    return before == after ? std::vector<FieldChange>{}
                           : std::vector<FieldChange>{{"value", before, after}};
  }
  static const json kEmpty = json::object();
  const json& from = before.is_object() ? before : kEmpty;
  const json& to = after.is_object() ? after : kEmpty;
  std::set<std::string> fields;
  for (const auto& [key, value] : from.items()) {
    fields.insert(key);
  }
  for (const auto& [key, value] : to.items()) {
    fields.insert(key);
  }
  std::vector<FieldChange> out;
  for (const std::string& field : fields) {
    json old_value = from.contains(field) ? from.at(field) : json();
    json new_value = to.contains(field) ? to.at(field) : json();
    if (old_value != new_value) {
      out.push_back({field, std::move(old_value), std::move(new_value)});
    }
  }
  return out;
}

std::string DisplayValue(const json& value, std::string_view none) {
  if (value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty())) {
    return std::string(none);
  }
  if (value.is_string()) {
    return value.get<std::string>();
  }
  auto dump = [](const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); };
  if (value.is_array() && !value.empty()) {
    bool plain = std::ranges::all_of(value, [](const json& v) { return v.is_primitive(); });
    if (plain) {
      std::string out;
      for (const json& v : value) {
        out += out.empty() ? "" : "; ";
        out += v.is_string() ? v.get<std::string>() : dump(v);
      }
      return out;
    }
  }
  return dump(value);
}

json HistoryView(std::string_view object_type, std::string_view object_id,
                 const std::vector<Entry>& entries, const Translate& t) {
  std::string type(object_type);
  std::string object = LabelOr(t, "audit.object_type." + type, type);
  json items = json::array();
  for (const Entry& e : entries) {
    items.push_back(EntryView(e, t));
  }
  return {{"object_type", type},
          {"object_id", std::string(object_id)},
          {"object", object},
          {"open_data_url", fmt::format("/api/audit?object_type={}&object_id={}",
                                        PercentEncode(type), PercentEncode(object_id))},
          {"entries", items}};
}

}  // namespace plenary::audit
