#pragma once

#include <string>
#include <string_view>

namespace plenary::web {

// Markdown (CommonMark with GitHub tables and strikethrough, via md4c) to HTML that is safe to
// put in a page: raw HTML in the input is shown as text, and links or images whose address is
// not http(s), mailto or a path on this site are neutralised ("#").
std::string RenderMarkdown(std::string_view markdown);

}  // namespace plenary::web
