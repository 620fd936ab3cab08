#include "consultation/process_of.h"

#include <mutex>
#include <utility>

namespace plenary::consultation {

ProcessOf::ProcessOf(Lookup lookup, size_t most) : lookup_(std::move(lookup)), most_(most) {}

Result<int64_t> ProcessOf::operator()(int64_t id) {
  {
    std::shared_lock lock(mutex_);
    auto found = known_.find(id);
    if (found != known_.end()) {
      return found->second;
    }
  }
  Result<int64_t> process = lookup_(id);
  if (process) {
    std::unique_lock lock(mutex_);
    if (known_.size() < most_) {
      known_.emplace(id, *process);
    }
  }
  return process;
}

}  // namespace plenary::consultation
