#pragma once

#include <span>
#include <string_view>

namespace plenary {

// A file compiled into the binary by cmake/embed.cmake (templates, styles, migrations,
// reference data), so a deployed binary needs nothing beside it.
struct EmbeddedFile {
  std::string_view name;  // path relative to the embedded folder: "process/overview.html"
  std::string_view content;
};

}  // namespace plenary
