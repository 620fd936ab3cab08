#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "engines/dedup/tokenizer.h"

namespace plenary::dedup {

// One place where a member departs from the representative: at word `position` of the
// representative, the words `removed` were dropped and `added` were written instead.
struct WordEdit {
  size_t position = 0;
  std::vector<std::string> removed;
  std::vector<std::string> added;
};

// What one person wrote beyond the campaign's text, found by a word-level diff (normalised words:
// case and punctuation do not count as personal additions).
struct PersonalPart {
  std::vector<WordEdit> edits;
  bool no_space_script = false;

  bool empty() const { return edits.empty(); }
  // The words added or put in place of the representative's, in order.
  std::vector<std::string> AddedWords() const;
  // Each edit's added words as one phrase (joined by spaces, or without for Chinese and the like).
  std::vector<std::string> AddedPhrases() const;
};

// Diffs campaign members against one representative, tokenising the representative once.
// Not thread-safe (it uses `tokenizer`).
class PersonalPartExtractor {
 public:
  // Errors as Tokenizer::Tokenize for the representative.
  static Result<PersonalPartExtractor> Create(Tokenizer* tokenizer,
                                              std::string_view representative);

  // Errors as Tokenizer::Tokenize for the member.
  Result<PersonalPart> Extract(std::string_view member);

 private:
  PersonalPartExtractor(Tokenizer* tokenizer, Tokens representative)
      : tokenizer_(tokenizer), representative_(std::move(representative)) {}

  Tokenizer* tokenizer_;
  Tokens representative_;
  Tokens member_;
};

// Builds the personal part from already tokenised words.
PersonalPart DiffPersonalPart(const Tokens& representative, const Tokens& member);

// The `top` most frequent added phrases over many members, most frequent first (ties by text).
std::vector<std::pair<std::string, size_t>> SummarizeAdditions(std::span<const PersonalPart> parts,
                                                               size_t top);

}  // namespace plenary::dedup
