#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <shared_mutex>
#include <unordered_map>

#include "core/result.h"

namespace plenary::consultation {

// The process a call or a contribution belongs to, as the permission gate asks for every request
// scoped to one (auth::Gate::AddScope). Neither ever moves to another process nor is deleted, so
// an answer once found stays true and is kept: a submission's request then reads the database
// once instead of twice. An error (an unknown id, which may yet be created) is asked again.
// Thread-safe.
class ProcessOf {
 public:
  using Lookup = std::function<Result<int64_t>(int64_t id)>;

  // Keeps at most `most` answers; past that, the others are looked up each time.
  explicit ProcessOf(Lookup lookup, size_t most = size_t{1} << 18);

  Result<int64_t> operator()(int64_t id);

 private:
  Lookup lookup_;
  size_t most_;
  std::shared_mutex mutex_;
  std::unordered_map<int64_t, int64_t> known_;  // guarded by mutex_
};

}  // namespace plenary::consultation
