#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace plenary::dedup {

inline constexpr int kMinBins = 8;
inline constexpr int kMaxBins = 1024;

// One-permutation MinHash (Li, Owen and Zhang 2012) with optimal densification (Shrivastava
// 2017): each shingle hash is used once, its high bits choosing one of `signature.size()` bins and
// its low bits competing for that bin's minimum; an empty bin borrows the value of a bin chosen by
// a seeded probe sequence. The probability that two signatures agree in a bin is the Jaccard
// similarity of the shingle sets. `shingles` must not be empty; kMinBins <= bins <= kMaxBins.
void ComputeMinHash(std::span<const uint64_t> shingles, uint64_t seed,
                    std::span<uint32_t> signature);

// Fraction of bins in which two equally long signatures agree (b-bit values; with 16 bits the
// chance agreement of 2^-16 per bin is negligible).
double EstimateJaccard(std::span<const uint16_t> a, std::span<const uint16_t> b);

// Number of agreeing bins (the integer behind EstimateJaccard).
int CountAgreeingBins(std::span<const uint16_t> a, std::span<const uint16_t> b);

// Exact Jaccard similarity of two sorted sets without duplicates.
double ExactJaccard(std::span<const uint64_t> a, std::span<const uint64_t> b);

}  // namespace plenary::dedup
