// SniffKind: what a file's bytes are, checked against what its name says.
#include <string>
#include <string_view>

#include <fmt/core.h>

#include "formats/attachment/attachment.h"
#include "formats/attachment/file_types.h"
#include "formats/attachment/messages.h"
#include "formats/attachment/readers.h"
#include "formats/attachment/zip_reader.h"

namespace plenary::attachment {
namespace {

// "it starts like a ZIP archive", "it is plain text", or `otherwise`.
std::string WhatItIs(std::string_view bytes, std::string_view name, std::string_view otherwise) {
  if (std::string_view signature = DescribeSignature(bytes); !signature.empty()) {
    return fmt::format("it starts like {}", signature);
  }
  if (CheckPlainText(name, bytes).ok()) {
    return "it is plain text";
  }
  return std::string(otherwise);
}

std::string AcceptedExtensions() {
  std::string list;
  for (const FileType& type : AcceptedFileTypes()) {
    list += list.empty() ? "" : ", ";
    list += type.extension;
  }
  return list;
}

Status CheckPdf(std::string_view name, std::string_view bytes) {
  // Readers accept the header anywhere in the first 1,024 bytes.
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) {
    return Status::Ok();
  }
  return InvalidArgument(fmt::format("{} is not a PDF ({})", name,
                                     WhatItIs(bytes, name, "it does not start with %PDF-")));
}

Status CheckDocx(std::string_view name, std::string_view bytes) {
  auto zip = ZipReader::Open(bytes);
  if (!zip) {
    std::string why = zip.error().message();
    if (!bytes.starts_with("PK")) {
      why = fmt::format("{}: {}", why, WhatItIs(bytes, name, "it is binary data"));
    }
    return InvalidArgument(fmt::format("{} is not a DOCX file ({})", name, why));
  }
  for (std::string_view part : {"[Content_Types].xml", "word/document.xml"}) {
    if (!zip->Contains(part)) {
      return InvalidArgument(
          fmt::format("{} is not a DOCX file (a ZIP archive without {})", name, part));
    }
  }
  return Status::Ok();
}

Status CheckText(std::string_view name, std::string_view bytes) {
  std::string_view signature = DescribeSignature(bytes);
  if (!signature.empty() && signature != "UTF-16 text") {
    return InvalidArgument(
        fmt::format("{} is not a text file (it starts like {})", name, signature));
  }
  return CheckPlainText(name, bytes);
}

}  // namespace

Result<AttachmentKind> SniffKind(std::string_view filename, std::string_view bytes) {
  std::string_view name = BaseName(filename);
  if (name.empty()) {
    return Error(InvalidArgument("the attachment has no file name"));
  }
  const FileType* type = FindFileType(name);
  if (type == nullptr) {
    return Error(InvalidArgument(
        fmt::format("{} is not a type of file accepted here ({})", name, AcceptedExtensions())));
  }
  if (bytes.empty()) {
    return Error(InvalidArgument(fmt::format("{} is empty", name)));
  }
  switch (type->kind) {
    case AttachmentKind::kPdf:
      RETURN_IF_ERROR(CheckPdf(name, bytes));
      break;
    case AttachmentKind::kDocx:
      RETURN_IF_ERROR(CheckDocx(name, bytes));
      break;
    case AttachmentKind::kText:
      RETURN_IF_ERROR(CheckText(name, bytes));
      break;
  }
  return type->kind;
}

}  // namespace plenary::attachment
