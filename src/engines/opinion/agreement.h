#pragma once

#include <cstdint>
#include <span>

namespace plenary::opinion {

// The adjusted Rand index of two labelings of the same items (labels >= 0): 1 for identical
// partitions up to renaming, about 0 for independent ones. 1 when both put everything together.
double AdjustedRandIndex(std::span<const int32_t> a, std::span<const int32_t> b);

}  // namespace plenary::opinion
