#pragma once

#include <string>
#include <vector>

#include "bench/dedup/lexicon.h"
#include "bench/dedup/rng.h"

// How comments are written and how people edit a campaign's template before sending it.
namespace plenary::dedup::bench {

using Paragraphs = std::vector<std::vector<std::string>>;

std::string MakeSentence(const Lexicon& lexicon, int topic, Rng& rng);
// Paragraphs of 2 to 5 sentences until about `target_bytes`.
Paragraphs MakeParagraphs(const Lexicon& lexicon, int topic, size_t target_bytes, Rng& rng);
std::string JoinParagraphs(const Lexicon& lexicon, const Paragraphs& paragraphs);

// A member's copy of a template: sentences deleted or added (personal ones), paragraphs
// reordered, typos, synonyms swapped, a greeting and a signature, case and spacing noise.
std::string EditTemplate(const Lexicon& lexicon, Paragraphs paragraphs, Rng& rng);

// Adds a greeting and a signature with the given probabilities.
std::string Decorate(const Lexicon& lexicon, std::string text, double greeting, double signature,
                     Rng& rng);

// Copies sentences of `source` into `target`: one to three, or `share` of them when positive.
void QuoteTemplate(const Paragraphs& source, double share, Rng& rng, Paragraphs* target);

}  // namespace plenary::dedup::bench
