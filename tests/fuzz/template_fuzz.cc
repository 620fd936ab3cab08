#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "web/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view source(reinterpret_cast<const char*>(data), size);
  auto t = plenary::web::Template::Parse(source, "fuzz.html");
  if (!t) {
    return 0;
  }
  static const nlohmann::json kContext = {{"title", "<b>&"},
                                          {"items", {{{"name", "a"}}, {{"name", "b"}}}},
                                          {"n", 3},
                                          {"flag", true},
                                          {"nested", {{"deep", {{"x", "y"}}}}}};
  std::string html = t->Render(kContext, {});
  // Values are escaped: the raw markup of a value never appears unless asked for with {{{ }}}.
  if (source.find("{{{") == std::string_view::npos &&
      source.find("<b>") == std::string_view::npos && html.find("<b>") != std::string::npos) {
    __builtin_trap();
  }
  return 0;
}
