#pragma once

#include <string>
#include <string_view>

namespace plenary::web {

// Escapes the five HTML-significant characters; safe in text and in quoted attributes.
void AppendEscaped(std::string& out, std::string_view text);
std::string Escape(std::string_view text);

}  // namespace plenary::web
