#pragma once

// Functions marked PLENARY_AVX2_CLONES are built twice, for the baseline and for AVX2, and the
// loader picks the one the processor runs (GCC's target_clones). Without FMA in the clone's
// target, both give the same bits: the kernels that use it (dense_block.cc, row_sums.cc) keep
// their sums in a fixed order, four lanes of Double4.
#if defined(__x86_64__) && defined(__GNUC__)
#define PLENARY_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define PLENARY_AVX2_CLONES
#endif

namespace plenary::opinion {

using Double4 = double __attribute__((vector_size(32)));

}  // namespace plenary::opinion
