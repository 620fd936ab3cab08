#pragma once

#include <cstdint>

#include "engines/opinion/conversation.h"

namespace plenary::bench {

// A 64-bit hash of everything an update reports (groups, base clusters, projections, the PCA's
// axes and eigenvalues, silhouettes, tallies, repness, consensus, GIC, extremity, priorities),
// floating-point values by their bits: two updates with the same digest gave the same results
// bit for bit. Timings are left out. For checking that a change to the engine's speed changes
// nothing else.
uint64_t AnalysisDigest(const opinion::Analysis& analysis);

}  // namespace plenary::bench
