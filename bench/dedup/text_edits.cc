#include "bench/dedup/text_edits.h"

#include <algorithm>
#include <cctype>

namespace plenary::dedup::bench {
namespace {

std::string Space(const Lexicon& lexicon) {
  return lexicon.spaces ? " " : "";
}

void ReplaceAll(std::string* text, const std::string& from, const std::string& to) {
  for (size_t at = text->find(from); at != std::string::npos;
       at = text->find(from, at + to.size())) {
    text->replace(at, from.size(), to);
  }
}

std::string PersonalSentence(const Lexicon& lexicon, Rng& rng) {
  std::string s = rng.Pick(lexicon.personal);
  ReplaceAll(&s, "{city}", rng.Pick(Cities()));
  ReplaceAll(&s, "{job}", rng.Pick(lexicon.jobs));
  ReplaceAll(&s, "{who}", rng.Pick(lexicon.relatives));
  ReplaceAll(&s, "{n}", std::to_string(2 + rng.Below(40)));
  return s;
}

// Swaps two letters of a word of four or more ASCII letters, or changes one Chinese character.
void AddTypo(const Lexicon& lexicon, Rng& rng, std::string* text) {
  static const std::vector<std::string> kChars = {"的", "是", "不", "了", "在", "有", "这", "们"};
  for (int attempt = 0; attempt < 20; ++attempt) {
    size_t at = rng.Below(text->size());
    if (!lexicon.spaces) {
      if ((static_cast<unsigned char>((*text)[at]) & 0xF0) == 0xE0 && at + 3 <= text->size()) {
        text->replace(at, 3, rng.Pick(kChars));
        return;
      }
      continue;
    }
    size_t end = at;
    while (end < text->size() && std::isalpha(static_cast<unsigned char>((*text)[end]))) {
      ++end;
    }
    if (end - at >= 4) {
      std::swap((*text)[at + 1], (*text)[at + 2]);
      return;
    }
  }
}

void SwapSynonym(const Lexicon& lexicon, Rng& rng, std::string* text) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    const auto& [a, b] = rng.Pick(lexicon.synonyms);
    const std::string pad = Space(lexicon);
    const size_t at = text->find(pad + a + pad);
    if (at != std::string::npos) {
      text->replace(at + pad.size(), a.size(), b);
      return;
    }
  }
}

void EditSentences(const Lexicon& lexicon, Paragraphs* paragraphs, Rng& rng) {
  auto& first = paragraphs->front();
  if (rng.Chance(0.12) && first.size() > 2) {
    auto& p = (*paragraphs)[rng.Below(paragraphs->size())];
    if (p.size() > 1) {
      p.erase(p.begin() + static_cast<long>(rng.Below(p.size())));
    }
  }
  if (rng.Chance(0.08) && paragraphs->size() >= 2) {
    std::swap((*paragraphs)[rng.Below(paragraphs->size())], paragraphs->back());
  }
  if (rng.Chance(0.35)) {
    const double where = rng.Uniform();
    auto& p = where < 0.5 ? paragraphs->front() : paragraphs->back();
    const size_t at = where < 0.5 ? 0 : where < 0.8 ? p.size() : rng.Below(p.size() + 1);
    p.insert(p.begin() + static_cast<long>(at), PersonalSentence(lexicon, rng));
  }
}

}  // namespace

std::string MakeSentence(const Lexicon& lexicon, int topic, Rng& rng) {
  const std::string sp = Space(lexicon);
  std::string s = rng.Pick(lexicon.openers) + rng.Pick(lexicon.subjects[topic]) + sp +
                  rng.Pick(lexicon.verbs) + sp + rng.Pick(lexicon.objects[topic]);
  const std::string& complement = rng.Pick(lexicon.complements);
  if (!complement.empty()) {
    s += sp + complement;
  }
  if (!s.empty() && std::islower(static_cast<unsigned char>(s[0]))) {
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  }
  return s + lexicon.sentence_end;
}

Paragraphs MakeParagraphs(const Lexicon& lexicon, int topic, size_t target_bytes, Rng& rng) {
  Paragraphs paragraphs;
  size_t bytes = 0;
  while (bytes < target_bytes) {
    auto& p = paragraphs.emplace_back();
    const size_t sentences = 2 + rng.Below(4);
    for (size_t i = 0; i < sentences && bytes < target_bytes; ++i) {
      p.push_back(MakeSentence(lexicon, topic, rng));
      bytes += p.back().size() + 1;
    }
  }
  return paragraphs;
}

std::string JoinParagraphs(const Lexicon& lexicon, const Paragraphs& paragraphs) {
  std::string text;
  for (const auto& p : paragraphs) {
    if (!text.empty()) {
      text += "\n\n";
    }
    for (size_t i = 0; i < p.size(); ++i) {
      text += (i > 0 ? Space(lexicon) : "") + p[i];
    }
  }
  return text;
}

std::string EditTemplate(const Lexicon& lexicon, Paragraphs paragraphs, Rng& rng) {
  EditSentences(lexicon, &paragraphs, rng);
  std::string text = JoinParagraphs(lexicon, paragraphs);
  for (int i = rng.Chance(0.2) ? 1 + static_cast<int>(rng.Below(2)) : 0; i > 0; --i) {
    SwapSynonym(lexicon, rng, &text);
  }
  for (int i = rng.Chance(0.25) ? 1 + static_cast<int>(rng.Below(2)) : 0; i > 0; --i) {
    AddTypo(lexicon, rng, &text);
  }
  if (rng.Chance(0.1)) {  // shouting, or sloppy spacing: normalisation must absorb both
    if (rng.Chance(0.5)) {
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    } else {
      ReplaceAll(&text, ", ", " ,  ");
    }
  }
  return Decorate(lexicon, std::move(text), 0.5, 0.6, rng);
}

std::string Decorate(const Lexicon& lexicon, std::string text, double greeting, double signature,
                     Rng& rng) {
  if (rng.Chance(greeting)) {
    text = rng.Pick(lexicon.greetings) + "\n\n" + text;
  }
  if (rng.Chance(signature)) {
    text += "\n\n" + rng.Pick(lexicon.closings) + "\n" + rng.Pick(FirstNames()) + " " +
            rng.Pick(LastNames());
    if (rng.Chance(0.5)) {
      text += ", " + rng.Pick(Cities());
    }
  }
  return text;
}

void QuoteTemplate(const Paragraphs& source, double share, Rng& rng, Paragraphs* target) {
  std::vector<const std::string*> sentences;
  for (const auto& p : source) {
    for (const std::string& s : p) {
      sentences.push_back(&s);
    }
  }
  size_t count = share > 0 ? static_cast<size_t>(share * static_cast<double>(sentences.size()))
                           : 1 + rng.Below(3);
  count = std::min(count, sentences.size());
  const size_t start = rng.Below(sentences.size() - count + 1);
  auto& p = (*target)[rng.Below(target->size())];
  for (size_t i = 0; i < count; ++i) {
    p.insert(p.begin() + static_cast<long>(rng.Below(p.size() + 1)), *sentences[start + i]);
  }
}

}  // namespace plenary::dedup::bench
