#include "formats/json_line.h"

#include <cstdint>
#include <string>

#include <simdjson.h>

namespace plenary::formats {
namespace {

using nlohmann::json;

// The simdjson element as nlohmann::json; false for what nlohmann may read otherwise.
bool Convert(simdjson::dom::element element, json* out) {
  switch (element.type()) {
    case simdjson::dom::element_type::OBJECT: {
      *out = json::object();
      auto& object = out->get_ref<json::object_t&>();
      for (simdjson::dom::key_value_pair field : simdjson::dom::object(element)) {
        // As nlohmann's parser: a key given twice keeps its last value.
        auto at = object.try_emplace(std::string(field.key)).first;
        if (!Convert(field.value, &at->second)) {
          return false;
        }
      }
      return true;
    }
    case simdjson::dom::element_type::ARRAY: {
      *out = json::array();
      for (simdjson::dom::element item : simdjson::dom::array(element)) {
        out->push_back(json());
        if (!Convert(item, &out->back())) {
          return false;
        }
      }
      return true;
    }
    case simdjson::dom::element_type::STRING:
      *out = json::string_t(std::string_view(element));
      return true;
    case simdjson::dom::element_type::INT64: {
      // nlohmann keeps a number without a sign as unsigned.
      const int64_t value = int64_t(element);
      *out = value >= 0 ? json(static_cast<uint64_t>(value)) : json(value);
      return true;
    }
    case simdjson::dom::element_type::UINT64:
      *out = uint64_t(element);
      return true;
    case simdjson::dom::element_type::BOOL:
      *out = bool(element);
      return true;
    case simdjson::dom::element_type::NULL_VALUE:
      *out = nullptr;
      return true;
    case simdjson::dom::element_type::DOUBLE:  // "-0", "1.5", "1e3": nlohmann's own reading
    default:
      return false;
  }
}

}  // namespace

json ParseJsonLine(std::string_view line) {
  // \u escapes (surrogate pairs, lone surrogates) are left to nlohmann's rules.
  if (line.find("\\u") == std::string_view::npos) {
    thread_local simdjson::dom::parser parser;
    thread_local std::string padded;
    padded.assign(line);
    padded.resize(line.size() + simdjson::SIMDJSON_PADDING, '\0');
    simdjson::dom::element root;
    if (parser.parse(padded.data(), line.size(), false).get(root) == simdjson::SUCCESS) {
      json out;
      if (Convert(root, &out)) {
        return out;
      }
    }
  }
  return json::parse(line, nullptr, false);
}

}  // namespace plenary::formats
