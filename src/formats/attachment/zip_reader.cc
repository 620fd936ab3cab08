#include "formats/attachment/zip_reader.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include <fmt/core.h>
#include <zip.h>

#include "formats/attachment/messages.h"

namespace plenary::attachment {
namespace {

std::string LibzipReason(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string reason = zip_error_strerror(&error);
  zip_error_fini(&error);
  return reason;
}

struct CloseFile {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

}  // namespace

void ZipReader::Discard::operator()(zip* archive) const {
  zip_discard(archive);
}

ZipReader::~ZipReader() = default;

Result<ZipReader> ZipReader::Open(std::string_view bytes) {
  if (!bytes.starts_with("PK\x03\x04") && !bytes.starts_with("PK\x05\x06")) {
    return Error(InvalidArgument("not a ZIP archive"));
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return Error(Internal("libzip cannot read from memory"));
  }
  // ZIP_CHECKCONS compares each local header with the central directory.
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Error(InvalidArgument(fmt::format("a damaged ZIP archive ({})", reason)));
  }
  zip_error_fini(&error);
  return ZipReader(archive);
}

bool ZipReader::Contains(std::string_view name) const {
  return zip_name_locate(archive_.get(), std::string(name).c_str(), 0) >= 0;
}

Status ZipReader::CheckDeclaredSizes(const ZipLimits& limits) const {
  zip_int64_t entries = zip_get_num_entries(archive_.get(), 0);
  if (entries < 0 || static_cast<uint64_t>(entries) > limits.max_entries) {
    return InvalidArgument(
        fmt::format("{} ZIP entries, more than max_zip_entries ({})", entries, limits.max_entries));
  }
  uint64_t total = 0;
  std::string too_compressed;  // the first entry past the ratio, reported after the total
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t stat;
    if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(i), 0, &stat) != 0 ||
        (stat.valid & ZIP_STAT_SIZE) == 0 || (stat.valid & ZIP_STAT_COMP_SIZE) == 0) {
      return InvalidArgument(fmt::format("a damaged ZIP archive (entry {} has no size)", i));
    }
    total += std::min<uint64_t>(stat.size, UINT64_MAX - total);
    if (too_compressed.empty() && stat.size >= ZipLimits::kRatioFloor &&
        static_cast<double>(stat.size) > limits.max_ratio * static_cast<double>(stat.comp_size)) {
      too_compressed = fmt::format(
          "{} is compressed from {} to {}, more than max_compression_ratio ({}:1): a zip bomb?",
          (stat.valid & ZIP_STAT_NAME) != 0 ? stat.name : "an entry", FormatByteSize(stat.size),
          FormatByteSize(stat.comp_size), limits.max_ratio);
    }
  }
  if (total > limits.max_total_bytes) {
    return InvalidArgument(
        fmt::format("{} once uncompressed, more than max_docx_uncompressed ({}): a zip bomb?",
                    FormatByteSize(total), FormatByteSize(limits.max_total_bytes)));
  }
  if (!too_compressed.empty()) {
    return InvalidArgument(std::move(too_compressed));
  }
  return Status::Ok();
}

Result<std::string> ZipReader::Read(std::string_view name, size_t max_bytes) const {
  zip_int64_t index = zip_name_locate(archive_.get(), std::string(name).c_str(), 0);
  zip_stat_t stat;
  if (index < 0 ||
      zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
      (stat.valid & ZIP_STAT_SIZE) == 0) {
    return Error(NotFound(fmt::format("{} is missing", name)));
  }
  if (stat.size > max_bytes) {
    return Error(
        InvalidArgument(fmt::format("{} declares {}, more than the {} left to read", name,
                                    FormatByteSize(stat.size), FormatByteSize(max_bytes))));
  }
  std::unique_ptr<zip_file_t, CloseFile> file(
      zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0));
  if (file == nullptr) {
    int code = zip_error_code_zip(zip_get_error(archive_.get()));
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD) {
      return Error(InvalidArgument(fmt::format("{} is encrypted", name)));
    }
    return Error(InvalidArgument(fmt::format("{} cannot be read ({})", name, LibzipReason(code))));
  }
  // Read one byte past the declared size: an entry that has more lies about its size.
  const size_t declared = static_cast<size_t>(stat.size);
  std::string data(std::min<size_t>(declared + 1, 1 << 20), '\0');
  size_t filled = 0;
  while (true) {
    if (filled == data.size()) {
      if (filled > declared) {
        return Error(InvalidArgument(fmt::format("{} inflates past the {} it declares: a zip bomb?",
                                                 name, FormatByteSize(declared))));
      }
      data.resize(std::min(declared + 1, 2 * data.size()));
    }
    zip_int64_t n = zip_fread(file.get(), data.data() + filled, data.size() - filled);
    if (n < 0) {
      return Error(InvalidArgument(fmt::format(
          "{} is damaged ({})", name, zip_error_strerror(zip_file_get_error(file.get())))));
    }
    if (n == 0) {
      break;
    }
    filled += static_cast<size_t>(n);
  }
  data.resize(filled);
  return data;
}

}  // namespace plenary::attachment
