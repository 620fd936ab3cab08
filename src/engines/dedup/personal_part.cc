#include "engines/dedup/personal_part.h"

#include <algorithm>
#include <map>

#include "engines/dedup/word_diff.h"

namespace plenary::dedup {
namespace {

std::vector<std::string_view> Words(const Tokens& tokens) {
  std::vector<std::string_view> words;
  words.reserve(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    words.push_back(tokens[i]);
  }
  return words;
}

std::vector<std::string> Copy(std::span<const std::string_view> words) {
  return {words.begin(), words.end()};
}

}  // namespace

std::vector<std::string> PersonalPart::AddedWords() const {
  std::vector<std::string> words;
  for (const WordEdit& edit : edits) {
    words.insert(words.end(), edit.added.begin(), edit.added.end());
  }
  return words;
}

std::vector<std::string> PersonalPart::AddedPhrases() const {
  std::vector<std::string> phrases;
  const std::string_view separator = no_space_script ? "" : " ";
  for (const WordEdit& edit : edits) {
    if (edit.added.empty()) {
      continue;
    }
    std::string phrase = edit.added.front();
    for (size_t i = 1; i < edit.added.size(); ++i) {
      phrase.append(separator).append(edit.added[i]);
    }
    phrases.push_back(std::move(phrase));
  }
  return phrases;
}

PersonalPart DiffPersonalPart(const Tokens& representative, const Tokens& member) {
  const std::vector<std::string_view> a = Words(representative);
  const std::vector<std::string_view> b = Words(member);
  PersonalPart part;
  part.no_space_script = member.no_space_script();
  for (const DiffHunk& hunk : DiffWords(a, b)) {
    WordEdit edit;
    edit.position = hunk.a_begin;
    edit.removed = Copy(std::span(a).subspan(hunk.a_begin, hunk.a_end - hunk.a_begin));
    edit.added = Copy(std::span(b).subspan(hunk.b_begin, hunk.b_end - hunk.b_begin));
    part.edits.push_back(std::move(edit));
  }
  return part;
}

Result<PersonalPartExtractor> PersonalPartExtractor::Create(Tokenizer* tokenizer,
                                                            std::string_view representative) {
  Tokens tokens;
  RETURN_IF_ERROR(tokenizer->Tokenize(representative, &tokens));
  return PersonalPartExtractor(tokenizer, std::move(tokens));
}

Result<PersonalPart> PersonalPartExtractor::Extract(std::string_view member) {
  RETURN_IF_ERROR(tokenizer_->Tokenize(member, &member_));
  return DiffPersonalPart(representative_, member_);
}

std::vector<std::pair<std::string, size_t>> SummarizeAdditions(std::span<const PersonalPart> parts,
                                                               size_t top) {
  std::map<std::string, size_t> counts;
  for (const PersonalPart& part : parts) {
    for (std::string& phrase : part.AddedPhrases()) {
      ++counts[std::move(phrase)];
    }
  }
  std::vector<std::pair<std::string, size_t>> ranked(counts.begin(), counts.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  ranked.resize(std::min(ranked.size(), top));
  return ranked;
}

}  // namespace plenary::dedup
