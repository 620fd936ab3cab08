#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace plenary::formats {

// One line of JSON Lines, parsed as nlohmann::json::parse(line, nullptr, false) parses it (a
// discarded value when it is not JSON), several times faster: simdjson reads the line (and
// checks its UTF-8) and the DOM is copied into nlohmann::json. Lines simdjson might read
// otherwise - numbers that are not integers or do not fit 64 bits, \u escapes, anything it
// refuses - are parsed by nlohmann itself, so the result is always nlohmann's. Thread-safe (a
// parser per thread).
nlohmann::json ParseJsonLine(std::string_view line);

}  // namespace plenary::formats
