#include "http/json_body.h"

#include <charconv>

#include <fmt/format.h>

#include "core/text.h"
#include "formats/json_line.h"

namespace plenary::http {

Result<nlohmann::json> ParseJsonBody(const Request& request) {
  auto type = request.headers.Get("content-type");
  if (!type || !AsciiLower(*type).starts_with("application/json")) {
    return Error(InvalidArgument("send the body as JSON with Content-Type: application/json"));
  }
  // The fast reader first (simdjson, checking UTF-8 as it goes); when it gives up, the slow
  // path says what is wrong, and where.
  nlohmann::json parsed = formats::ParseJsonLine(request.body);
  if (parsed.is_discarded()) {
    if (!IsValidUtf8(request.body)) {
      return Error(InvalidArgument("the body is not valid UTF-8"));
    }
    try {
      // nlohmann reports where the JSON breaks only through its exception; it stops here.
      parsed = nlohmann::json::parse(request.body);
    } catch (const nlohmann::json::parse_error& e) {
      return Error(InvalidArgument(fmt::format("the body is not valid JSON (at byte {})", e.byte)));
    }
  }
  if (!parsed.is_object()) {
    return Error(InvalidArgument("the body must be a JSON object"));
  }
  return parsed;
}

Result<int64_t> PathId(const Request& request, std::string_view name, std::string_view what) {
  std::string_view text = request.PathParam(name);
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) {
    return Error(NotFound(fmt::format("no {} '{}'", what, text)));
  }
  return id;
}

}  // namespace plenary::http
