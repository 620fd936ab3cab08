// The text a reader of rendered Markdown sees, for snippets and other plain-text uses: md4c
// parses it with RenderMarkdown's dialect and only the text is kept.
#include <string>

#include <md4c.h>

#include "web/markdown.h"

namespace plenary::web {
namespace {

struct Collected {
  std::string text;
  bool block_open = false;  // text since the last block break
};

// A block that ends a line of text for the reader: paragraphs, headings, items, cells, code.
bool BreaksText(MD_BLOCKTYPE type) {
  return type == MD_BLOCK_P || type == MD_BLOCK_H || type == MD_BLOCK_LI || type == MD_BLOCK_CODE ||
         type == MD_BLOCK_TD || type == MD_BLOCK_TH || type == MD_BLOCK_HR ||
         type == MD_BLOCK_QUOTE || type == MD_BLOCK_TR;
}

int LeaveBlock(MD_BLOCKTYPE type, void*, void* data) {
  auto& out = *static_cast<Collected*>(data);
  if (BreaksText(type) && out.block_open) {
    out.text += type == MD_BLOCK_TD || type == MD_BLOCK_TH ? " " : "\n\n";
    out.block_open = false;
  }
  return 0;
}

int NoSpan(MD_SPANTYPE, void*, void*) {
  return 0;
}

int NoBlock(MD_BLOCKTYPE, void*, void*) {
  return 0;
}

// The few entities a reader sees as their character; others stay as written.
std::string_view Entity(std::string_view entity) {
  if (entity == "&amp;")
    return "&";
  if (entity == "&lt;")
    return "<";
  if (entity == "&gt;")
    return ">";
  if (entity == "&quot;")
    return "\"";
  if (entity == "&apos;" || entity == "&#39;")
    return "'";
  if (entity == "&nbsp;")
    return " ";
  return entity;
}

int Text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* data) {
  auto& out = *static_cast<Collected*>(data);
  std::string_view piece(text, size);
  switch (type) {
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
      out.text += type == MD_TEXT_BR ? "\n" : " ";
      return 0;
    case MD_TEXT_NULLCHAR:
      out.text += "\xEF\xBF\xBD";  // U+FFFD, as md4c renders it
      break;
    case MD_TEXT_ENTITY:
      out.text += Entity(piece);
      break;
    default:  // normal text, code, raw HTML (shown as text), math
      out.text += piece;
      break;
  }
  out.block_open = true;
  return 0;
}

}  // namespace

std::string MarkdownText(std::string_view markdown) {
  Collected out;
  out.text.reserve(markdown.size());
  MD_PARSER parser = {};
  parser.flags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
  parser.enter_block = NoBlock;
  parser.leave_block = LeaveBlock;
  parser.enter_span = NoSpan;
  parser.leave_span = NoSpan;
  parser.text = Text;
  if (md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &out) != 0) {
    return std::string(markdown);
  }
  while (!out.text.empty() && (out.text.back() == '\n' || out.text.back() == ' ')) {
    out.text.pop_back();
  }
  return out.text;
}

}  // namespace plenary::web
