// DOCX: the WordprocessingML parts of the ZIP archive (body, footnotes, endnotes) read through
// ZipReader and pugixml, turned into plain text.
#include <array>
#include <exception>
#include <string>
#include <string_view>

#include <fmt/core.h>
#include <pugixml.hpp>

#include "formats/attachment/messages.h"
#include "formats/attachment/readers.h"
#include "formats/attachment/utf8_text.h"
#include "formats/attachment/xml_memory.h"
#include "formats/attachment/zip_reader.h"

namespace plenary::attachment {
namespace {

constexpr std::string_view kMainPart = "word/document.xml";
constexpr std::array<std::string_view, 2> kNoteParts = {"word/footnotes.xml", "word/endnotes.xml"};
constexpr std::array<std::string_view, 2> kWordNamespaces = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main"};  // ISO 29500 Strict
constexpr std::string_view kCompatibilityNamespace =
    "http://schemas.openxmlformats.org/markup-compatibility/2006";

// Element names with the prefixes the part binds to its namespaces ("w:t", or "t" when
// WordprocessingML is the default namespace).
struct Names {
  std::string p, t, tab, br, cr, run, no_break_hyphen, fallback;
};

std::string Qualified(std::string_view prefix, std::string_view local) {
  return prefix.empty() ? std::string(local) : fmt::format("{}:{}", prefix, local);
}

Names NamesFor(const pugi::xml_node& root) {
  std::string word = "w";
  std::string compatibility = "mc";
  for (const pugi::xml_attribute& attribute : root.attributes()) {
    std::string_view name = attribute.name();
    if (!name.starts_with("xmlns")) {
      continue;
    }
    std::string_view prefix = name.size() > 6 ? name.substr(6) : std::string_view();
    std::string_view uri = attribute.value();
    if (uri == kWordNamespaces[0] || uri == kWordNamespaces[1]) {
      word = prefix;
    } else if (uri == kCompatibilityNamespace) {
      compatibility = prefix;
    }
  }
  return {Qualified(word, "p"),
          Qualified(word, "t"),
          Qualified(word, "tab"),
          Qualified(word, "br"),
          Qualified(word, "cr"),
          Qualified(word, "r"),
          Qualified(word, "noBreakHyphen"),
          Qualified(compatibility, "Fallback")};
}

// Appends the text a node stands for on the way in; returns whether to visit its children.
bool Enter(const pugi::xml_node& node, const Names& names, std::string& out) {
  std::string_view name = node.name();
  if (name == names.t) {
    out += node.text().get();
    return false;
  }
  if (name == names.fallback) {
    return false;  // mc:Choice already holds the same content (text boxes, drawings)
  }
  // w:tab and w:br are characters only inside a run; in w:pPr, w:tab defines a tab stop.
  bool in_run = node.parent().name() == names.run;
  if (in_run && name == names.tab) {
    out += '\t';
  } else if (in_run && (name == names.br || name == names.cr)) {
    out += '\n';
  } else if (in_run && name == names.no_break_hyphen) {
    out += '-';
  }
  return true;
}

// Walks the tree without recursion, so that deeply nested XML cannot exhaust the stack.
void AppendPartText(const pugi::xml_document& document, std::string& out) {
  pugi::xml_node root = document.document_element();
  Names names = NamesFor(root);
  pugi::xml_node node = root;
  while (node) {
    if (Enter(node, names, out) && node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node) {
      if (node.name() == names.p) {
        out += '\n';
      }
      if (node == root) {
        node = {};
      } else if (pugi::xml_node next = node.next_sibling()) {
        node = next;
        break;
      } else {
        node = node.parent();
      }
    }
  }
}

Status ParsePart(std::string_view name, std::string_view part, std::string& xml,
                 const AttachmentLimits& limits, std::string& text) {
  pugi::xml_document document;
  XmlMemoryBudget budget(limits.max_docx_xml_memory);
  // In place: `xml` becomes the DOM's text, with no second copy. Whitespace-only text is kept
  // when it is an element's only child: <w:t> </w:t> is a space. pugixml expands no entity but
  // the five predefined ones, so entity bombs are inert.
  pugi::xml_parse_result parsed = document.load_buffer_inplace(
      xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
      pugi::encoding_auto);
  if (budget.exhausted()) {
    return InvalidArgument(fmt::format(
        "{}: {} needs more than max_docx_xml_memory ({}) to parse: too many XML elements", name,
        part, FormatByteSize(limits.max_docx_xml_memory)));
  }
  if (!parsed) {
    return InvalidArgument(fmt::format("{}: {} is not well-formed XML ({} at byte offset {})", name,
                                       part, parsed.description(), parsed.offset));
  }
  AppendPartText(document, text);
  return Status::Ok();
}

// "contribution.docx: <message>"; kInvalidArgument, since the sniffed input is at fault.
Status WithName(std::string_view name, const Status& status) {
  StatusCode code =
      status.code() == StatusCode::kInternal ? StatusCode::kInternal : StatusCode::kInvalidArgument;
  return {code, fmt::format("{}: {}", name, status.message())};
}

Result<ExtractedText> ReadDocx(std::string_view name, std::string_view bytes,
                               const AttachmentLimits& limits) {
  auto zip = ZipReader::Open(bytes);
  if (!zip) {
    return Error(
        InvalidArgument(fmt::format("{} is not a DOCX file ({})", name, zip.error().message())));
  }
  Status sizes = zip->CheckDeclaredSizes({.max_entries = limits.max_zip_entries,
                                          .max_total_bytes = limits.max_docx_uncompressed,
                                          .max_ratio = limits.max_compression_ratio});
  if (!sizes.ok()) {
    return Error(WithName(name, sizes));
  }
  std::string raw;
  size_t inflate_budget = limits.max_docx_uncompressed;  // what inflating may still produce
  for (std::string_view part : {kMainPart, kNoteParts[0], kNoteParts[1]}) {
    if (part != kMainPart && !zip->Contains(part)) {
      continue;
    }
    auto xml = zip->Read(part, inflate_budget);
    if (!xml) {
      return Error(WithName(name, xml.error()));
    }
    inflate_budget -= xml->size();
    std::string text;
    RETURN_IF_ERROR(ParsePart(name, part, *xml, limits, text));
    TrimTrailingSpace(text);
    // Parts are separated by a blank line; empty paragraphs (a footnote separator) add none.
    size_t start = text.find_first_not_of('\n');
    if (start != std::string::npos) {
      raw += raw.empty() ? "" : "\n\n";
      raw.append(text, start);
    }
  }
  ExtractedText result{.kind = AttachmentKind::kDocx};
  result.truncated = !AppendNormalized(raw, limits.max_text_bytes, result.text);
  return result;
}

}  // namespace

Result<ExtractedText> ReadDocxText(std::string_view name, std::string_view bytes,
                                   const AttachmentLimits& limits) {
  try {
    return ReadDocx(name, bytes, limits);
  } catch (const std::exception& e) {  // std::bad_alloc; pugixml's parser returns statuses
    return Error(Internal(fmt::format("{}: reading the DOCX failed ({})", name, e.what())));
  }
}

}  // namespace plenary::attachment
