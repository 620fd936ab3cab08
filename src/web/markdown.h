#pragma once

#include <string>
#include <string_view>

namespace plenary::web {

// Markdown (CommonMark with GitHub tables and strikethrough, via md4c) to HTML that is safe to
// put in a page: raw HTML in the input is shown as text, and links or images whose address is
// not http(s), mailto or a path on this site are neutralised ("#").
std::string RenderMarkdown(std::string_view markdown);

// The text a reader of RenderMarkdown's page sees, without Markdown's marks: emphasis, links'
// addresses, heading and list markers gone; blocks separated by a blank line, table cells by a
// space; &amp; &lt; &gt; &quot; &apos; &nbsp; as their characters. For snippets and previews.
// Input md4c cannot parse comes back as it is.
std::string MarkdownText(std::string_view markdown);

}  // namespace plenary::web
