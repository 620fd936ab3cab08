#pragma once

#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "http/request.h"

namespace plenary::http {

// Parses the request body as a JSON object. kInvalidArgument when the content type is not
// application/json, the body is not valid UTF-8 JSON (with the byte offset) or not an object.
Result<nlohmann::json> ParseJsonBody(const Request& request);

// Reads a positive integer path parameter; kNotFound naming `what` otherwise, since a
// malformed id cannot name an existing resource.
Result<int64_t> PathId(const Request& request, std::string_view name, std::string_view what);

}  // namespace plenary::http
