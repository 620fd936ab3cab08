#include "http/json_fields.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/clock.h"
#include "core/text.h"

namespace plenary::http {

using nlohmann::json;

Status CheckKnownFields(const json& body, std::initializer_list<std::string_view> known) {
  if (!body.is_object()) {
    return InvalidArgument("the request body must be a JSON object");
  }
  for (const auto& [key, value] : body.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return InvalidArgument(fmt::format("unknown field '{}'", key));
    }
  }
  return Status::Ok();
}

Status ReadText(const json& body, std::string_view field, std::string& out, size_t max) {
  auto it = body.find(field);
  if (it == body.end()) {
    return Status::Ok();
  }
  if (it->is_null()) {
    out.clear();
    return Status::Ok();
  }
  if (!it->is_string()) {
    return InvalidArgument(fmt::format("'{}' must be a string", field));
  }
  const auto& value = it->get_ref<const std::string&>();
  if (!IsValidUtf8(value)) {
    return InvalidArgument(fmt::format("'{}' is not valid UTF-8", field));
  }
  if (value.size() > max) {
    return InvalidArgument(fmt::format("'{}' is longer than {} bytes", field, max));
  }
  out = std::string(Trim(value));
  return Status::Ok();
}

Status ReadDate(const json& body, std::string_view field, std::string& out) {
  RETURN_IF_ERROR(ReadText(body, field, out, 10));
  if (!out.empty() && !ParseDate(out)) {
    return InvalidArgument(fmt::format("'{}' must be a date as YYYY-MM-DD, not '{}'", field, out));
  }
  return Status::Ok();
}

}  // namespace plenary::http
