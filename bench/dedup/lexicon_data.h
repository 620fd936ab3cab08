#pragma once

#include "bench/dedup/lexicon.h"

// One builder per language, each in lexicon_<code>.cc.
namespace plenary::dedup::bench {

Lexicon EnglishLexicon();
Lexicon FrenchLexicon();
Lexicon SpanishLexicon();
Lexicon ChineseLexicon();

}  // namespace plenary::dedup::bench
