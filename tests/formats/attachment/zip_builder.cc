#include "zip_builder.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>

#include <zip.h>

namespace plenary::attachment::testing {
namespace {

void Require(bool ok, const char* what) {
  if (!ok) {
    throw std::runtime_error(what);
  }
}

uint32_t Read32(const std::string& s, size_t at) {
  uint32_t v = 0;
  std::memcpy(&v, s.data() + at, 4);  // ZIP is little-endian, as is x86
  return v;
}
uint16_t Read16(const std::string& s, size_t at) {
  uint16_t v = 0;
  std::memcpy(&v, s.data() + at, 2);
  return v;
}
void Write32(std::string& s, size_t at, uint32_t v) {
  std::memcpy(s.data() + at, &v, 4);
}

}  // namespace

std::string BuildZip(const ZipEntries& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  Require(buffer != nullptr, "zip_source_buffer_create");
  zip_source_keep(buffer);  // read back after zip_close
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  Require(archive != nullptr, "zip_open_from_source");
  for (const auto& [name, content] : entries) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    Require(source != nullptr, "zip_source_buffer");
    zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    Require(index >= 0, "zip_file_add");
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 9);
  }
  Require(zip_close(archive) == 0, "zip_close");
  Require(zip_source_open(buffer) == 0, "zip_source_open");
  std::string out;
  char chunk[65536];
  zip_int64_t n = 0;
  while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0) {
    out.append(chunk, static_cast<size_t>(n));
  }
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

std::string WordDocument(std::string_view body) {
  return std::string(
             R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
             "\n"
             R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")"
             R"( xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006")"
             R"( xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">)"
             "<w:body>") +
         std::string(body) + "</w:body></w:document>";
}

std::string BuildDocx(std::string_view document_xml, const ZipEntries& extra) {
  ZipEntries entries = {
      {"[Content_Types].xml",
       R"(<?xml version="1.0" encoding="UTF-8"?>)"
       R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
       R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
       R"(<Default Extension="xml" ContentType="application/xml"/>)"
       R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>)"
       R"(</Types>)"},
      {"_rels/.rels",
       R"(<?xml version="1.0" encoding="UTF-8"?>)"
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>)"
       R"(</Relationships>)"},
      {"word/document.xml", std::string(document_xml)},
  };
  entries.insert(entries.end(), extra.begin(), extra.end());
  return BuildZip(entries);
}

void SetDeclaredSize(std::string& zip, std::string_view name, uint32_t size) {
  // The end of central directory record: signature, then the directory's offset at +16.
  size_t end = zip.rfind("PK\x05\x06");
  Require(end != std::string::npos, "no end of central directory");
  size_t at = Read32(zip, end + 16);
  while (Read32(zip, at) == 0x02014b50) {  // central directory file header
    uint16_t name_length = Read16(zip, at + 28);
    size_t next = at + 46 + name_length + Read16(zip, at + 30) + Read16(zip, at + 32);
    if (std::string_view(zip).substr(at + 46, name_length) == name) {
      Write32(zip, at + 24, size);
      Write32(zip, Read32(zip, at + 42) + 22, size);  // the local file header's copy
      return;
    }
    at = next;
  }
  throw std::runtime_error("no such entry");
}

}  // namespace plenary::attachment::testing
