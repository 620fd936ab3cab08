#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

struct zip;

// A ZIP archive read from memory through libzip, with the defences against zip bombs: the
// declared sizes are checked before anything is inflated, and inflating stops at the declared
// size (which an archive may lie about).
namespace plenary::attachment {

struct ZipLimits {
  size_t max_entries = 0;
  size_t max_total_bytes = 0;  // the sum of the declared uncompressed sizes
  double max_ratio = 0;        // uncompressed / compressed, for entries of kRatioFloor or more
  // Small entries may compress well (a page of repeated XML); only large ones can be bombs.
  static constexpr size_t kRatioFloor = 1 << 20;
};

class ZipReader {
 public:
  // Opens the archive in `bytes`, which must outlive the reader. kInvalidArgument "not a ZIP
  // archive" or "a damaged ZIP archive (<libzip's reason>)".
  static Result<ZipReader> Open(std::string_view bytes);

  ZipReader(ZipReader&&) noexcept = default;
  ZipReader& operator=(ZipReader&&) noexcept = default;
  ~ZipReader();

  bool Contains(std::string_view name) const;

  // kInvalidArgument naming the limit (as in AttachmentLimits) when the archive has too many
  // entries, declares too many bytes in all, or an entry compressed beyond the ratio.
  Status CheckDeclaredSizes(const ZipLimits& limits) const;

  // Inflates the entry `name`, reading at most `max_bytes`. kNotFound when it is absent;
  // kInvalidArgument when it is damaged or encrypted, declares more than `max_bytes`, or
  // inflates to more than it declares.
  Result<std::string> Read(std::string_view name, size_t max_bytes) const;

 private:
  struct Discard {
    void operator()(zip* archive) const;
  };
  explicit ZipReader(zip* archive) : archive_(archive) {}

  std::unique_ptr<zip, Discard> archive_;
};

}  // namespace plenary::attachment
