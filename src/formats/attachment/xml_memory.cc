#include "formats/attachment/xml_memory.h"

#include <cstdlib>
#include <mutex>

#include <pugixml.hpp>

namespace plenary::attachment {
namespace {

struct Budget {
  bool active = false;
  bool exhausted = false;
  size_t remaining = 0;
};

thread_local Budget budget;

// pugixml's own default is malloc and free, so memory allocated before these were installed
// is freed correctly after.
void* Allocate(size_t size) {
  if (budget.active) {
    if (size > budget.remaining) {
      budget.exhausted = true;
      return nullptr;
    }
    budget.remaining -= size;
  }
  return std::malloc(size);  // NOLINT(cppcoreguidelines-no-malloc): pugixml's contract
}

void Deallocate(void* block) {
  std::free(block);  // NOLINT(cppcoreguidelines-no-malloc)
}

}  // namespace

XmlMemoryBudget::XmlMemoryBudget(size_t bytes) {
  static std::once_flag once;
  std::call_once(once, [] { pugi::set_memory_management_functions(Allocate, Deallocate); });
  budget = {.active = true, .exhausted = false, .remaining = bytes};
}

XmlMemoryBudget::~XmlMemoryBudget() {
  budget = {};
}

bool XmlMemoryBudget::exhausted() const {
  return budget.exhausted;
}

}  // namespace plenary::attachment
