#pragma once

#include <string>
#include <utility>
#include <vector>

namespace plenary::dedup::bench {

// The word lists one language's comments are built from. Sentences are slot grammars:
// opener + subject + verb + object + complement, so that comments on one topic share phrases
// without sharing whole sentences unless they quote each other.
struct Lexicon {
  std::string code;          // "en", "fr", "es", "zh"
  bool spaces = true;        // false for Chinese: no spaces between words
  std::string sentence_end;  // "." or "。"
  std::vector<std::string> openers;
  std::vector<std::vector<std::string>> subjects;  // per topic
  std::vector<std::string> verbs;
  std::vector<std::vector<std::string>> objects;  // per topic
  std::vector<std::string> complements;
  std::vector<std::string> greetings;
  std::vector<std::string> closings;  // before the signature name
  std::vector<std::string> personal;  // with {city} {job} {n} {who}
  std::vector<std::string> jobs;
  std::vector<std::string> relatives;
  std::vector<std::pair<std::string, std::string>> synonyms;
};

inline constexpr int kTopics = 4;

// en, fr, es, zh in that order.
const std::vector<Lexicon>& Lexicons();
const std::vector<std::string>& FirstNames();
const std::vector<std::string>& LastNames();
const std::vector<std::string>& Cities();

}  // namespace plenary::dedup::bench
