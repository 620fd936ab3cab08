#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/trail.h"
#include "i18n/catalog.h"

// Page contexts for the audit templates: plain data, every label already translated.
namespace plenary::audit {

using Translate = std::function<std::string(std::string_view key, const i18n::Args& args)>;

struct FieldChange {
  std::string field;
  nlohmann::json before;  // null when absent
  nlohmann::json after;
};

// The top-level fields whose values differ between `before` and `after`, by field name. A
// value that is not an object (null for a creation or an erasure) counts as an empty object;
// two non-objects that differ give one change named "value".
std::vector<FieldChange> DiffFields(const nlohmann::json& before, const nlohmann::json& after);

// A value for people: text as is, a list of plain values joined by "; ", other JSON compact.
// `none` stands for null and for the empty string.
std::string DisplayValue(const nlohmann::json& value, std::string_view none);

// The context of audit/history.html.
nlohmann::json HistoryView(std::string_view object_type, std::string_view object_id,
                           const std::vector<Entry>& entries, const Translate& t);

}  // namespace plenary::audit
