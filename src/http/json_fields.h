#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

// Reading the fields of a JSON request body, with errors that name the field.
namespace plenary::http {

// kInvalidArgument "unknown field 'x'" for a key not in `known`, or when `body` is no object.
Status CheckKnownFields(const nlohmann::json& body, std::initializer_list<std::string_view> known);
// An optional string field into `out` (trimmed; null clears it; absent leaves it); `max` bounds
// its length in bytes; it must be valid UTF-8.
Status ReadText(const nlohmann::json& body, std::string_view field, std::string& out,
                size_t max = 20000);
// An optional "YYYY-MM-DD" field (a real date).
Status ReadDate(const nlohmann::json& body, std::string_view field, std::string& out);

}  // namespace plenary::http
