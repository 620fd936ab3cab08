#pragma once

#include <cstddef>

// A cap on the memory pugixml may allocate. A DOM costs about 64 bytes per element and 40 per
// attribute, so a part made of tiny tags (<a/><b/>...) needs ten times its size or more:
// 50 MiB of them, which deflate into a 20 MiB upload, would take over 600 MiB.
namespace plenary::attachment {

// While it lives, pugixml allocations on this thread fail once `bytes` have been allocated, so
// parsing stops with status_out_of_memory. Other threads, and this one before and after, are
// not limited. Not reentrant: one budget per thread at a time.
class XmlMemoryBudget {
 public:
  explicit XmlMemoryBudget(size_t bytes);
  ~XmlMemoryBudget();
  XmlMemoryBudget(const XmlMemoryBudget&) = delete;
  XmlMemoryBudget& operator=(const XmlMemoryBudget&) = delete;

  // Whether an allocation was refused.
  bool exhausted() const;
};

}  // namespace plenary::attachment
