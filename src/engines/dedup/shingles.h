#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/dedup/tokens.h"

namespace plenary::dedup {

// The units a text is shingled by: one hash per word, or per character (code point) when the text
// is in a script written without spaces. Clears `units` first.
void HashUnits(const Tokens& tokens, uint64_t seed, std::vector<uint64_t>* units);

// One hash per run of `size` consecutive units (k-grams). A text with fewer units than `size`
// yields a single shingle of all its units. Duplicates are kept: MinHash ignores them. Clears
// `shingles` first. `size` >= 1.
void HashShingles(std::span<const uint64_t> units, int size, std::vector<uint64_t>* shingles);

// The hash of the whole normalised unit sequence: equal texts after normalisation, equal hashes.
uint64_t HashSequence(std::span<const uint64_t> units, uint64_t seed);

// True when all units are the same (a single word repeated, or nothing at all).
bool HasOneDistinctUnit(std::span<const uint64_t> units);

// Sorted distinct shingle hashes of `tokens`: the exact set that MinHash estimates (tests, bench).
std::vector<uint64_t> ShingleSet(const Tokens& tokens, int word_size, int char_size, uint64_t seed);

}  // namespace plenary::dedup
