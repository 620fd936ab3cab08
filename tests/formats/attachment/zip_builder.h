#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Builds ZIP archives and DOCX files in memory with libzip, for the attachment tests.
namespace plenary::attachment::testing {

using ZipEntries = std::vector<std::pair<std::string, std::string>>;  // name, content

// A deflated ZIP archive holding `entries` in order.
std::string BuildZip(const ZipEntries& entries);

// <w:document> around `body` (the children of <w:body>), with the w, mc and wps namespaces.
std::string WordDocument(std::string_view body);

// A DOCX file: [Content_Types].xml, _rels/.rels, word/document.xml = `document_xml`, and
// `extra` entries after them.
std::string BuildDocx(std::string_view document_xml, const ZipEntries& extra = {});

// Rewrites the uncompressed size that the local header and the central directory declare for
// the entry `name`, to make an archive that lies about what it inflates to.
void SetDeclaredSize(std::string& zip, std::string_view name, uint32_t size);

}  // namespace plenary::attachment::testing
