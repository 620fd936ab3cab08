#pragma once

#include <initializer_list>
#include <string_view>
#include <utility>

namespace plenary::log {

enum class Level { kDebug, kInfo, kWarn, kError };

using Field = std::pair<std::string_view, std::string_view>;

// Structured log line: `event key=value ...` on stderr via spdlog; values with spaces are quoted.
// Thread-safe.
void Write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

inline void Info(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kInfo, event, fields);
}
inline void Warn(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kWarn, event, fields);
}
inline void Error(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kError, event, fields);
}

// Messages below `level` are dropped (default kInfo; PLENARY_LOG=debug|info|warn|error).
void SetLevel(Level level);

}  // namespace plenary::log
