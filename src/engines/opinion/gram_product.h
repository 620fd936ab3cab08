#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/opinion/dense_block.h"
#include "engines/opinion/vote_matrix.h"

namespace plenary::opinion {

// Xc^T Xc w for a block of up to 8 vectors in one pass over the votes, where Xc_ic = R_ic -
// center_c on observed cells and 0 elsewhere; moderated-out columns of the result are zeroed.
// `partial` keeps the per row block sums' memory from one call to the next. The result does not
// depend on the number of threads.
Block GramProduct(const VoteMatrix& m, const std::vector<double>& center, const Block& w,
                  std::span<const uint8_t> mod_out, int threads, Block& partial);

}  // namespace plenary::opinion
