#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace plenary::text {

// Text past this many bytes is not analysed (ICU indexes text with int32_t).
inline constexpr size_t kMaxAnalyzedBytes = size_t{1} << 30;

// The longest term, in bytes: longer words are cut at a character boundary (and not stemmed), so
// that a term fits every index (PostgreSQL refuses lexemes past 2 KiB).
inline constexpr size_t kMaxTermBytes = 128;

// One word of a text as the search index sees it.
struct Term {
  std::string text;    // the indexed form: folded, then stemmed when a stemmer applies
  std::string folded;  // the folded word before stemming (equal to `text` when not stemmed)
  uint32_t begin = 0;  // the word is bytes [begin, end) of the analysed text
  uint32_t end = 0;
};

// Turns text into search terms, the same way for documents and for queries, so that SQLite FTS5
// and PostgreSQL index exactly the same tokens and never stem themselves (see README.md).
//
// For each word found by ICU word breaking (UAX #29; dictionary segmentation for Chinese,
// Japanese, Thai, Lao, Khmer and Burmese, whatever the language):
// - punctuation, spaces and symbols are dropped; stop words are kept;
// - the word is folded (NFKC_Casefold, accents kept) and a French elided article removed
//   ("l'accord" -> "accord");
// - a word in letters is stemmed with Snowball when the analyzer's language has a stemmer for its
//   script: Latin words with the English, French or Spanish stemmer for "en", "fr", "es", and
//   with the English one for "ru", "ar", "zh"; Cyrillic words with the Russian stemmer and Arabic
//   ones with the Arabic stemmer for all six UN languages. Other languages are folded only;
// - what is left of punctuation inside it goes ("don't" -> "dont"), and a number is split at its
//   separators ("3,000" -> "3" "000", like French "3 000"); terms are at most kMaxTermBytes.
// Invalid UTF-8 is skipped; text past kMaxAnalyzedBytes is ignored.
//
// Thread-safe: all methods are const, and each call borrows a worker (break iterator, stemmers,
// a cache of recent words, buffers) from an internal pool, so one Analyzer per language serves
// every thread. Making one costs a few microseconds; SharedAnalyzer keeps one per language.
class Analyzer {
 public:
  // `language` is a tag such as "en", "fr-CA" or "zh-Hant", or "" when unknown. Never fails; in
  // the (broken-installation) case where ICU's word break rules cannot be loaded, words are split
  // at every character that is not a letter, mark or digit.
  explicit Analyzer(std::string_view language);
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;
  ~Analyzer();

  // The normalised language code ("fr" for "fr-CA"), "" when none was given.
  const std::string& language() const;

  // The terms of `utf8`, in text order.
  std::vector<Term> Terms(std::string_view utf8) const;

  // The terms joined by single spaces, one token per word (positions, for phrases and NEAR, are
  // word positions): what a search index holds. A query that offers, for each of its words, the
  // folded form and the stem in every language with a stemmer (consultation/queries.cc) finds
  // a document in any language by the stem it was indexed with.
  std::string TermString(std::string_view utf8) const;

  // An analyzer that splits words without ICU's break iterator, as when ICU data is missing.
  static Analyzer WithoutBreakIteratorForTest(std::string_view language);
  // An analyzer that splits every text with ICU's break iterator (word_break.h not used).
  static Analyzer WithIcuOnlyForTest(std::string_view language);

 private:
  struct Shared;
  struct Worker;
  class Lease;
  template <typename Emit>
  void Visit(Worker& worker, std::string_view utf8, Emit&& emit) const;
  template <typename Emit>
  void VisitWord(Worker& worker, std::string_view word, int kind, uint32_t begin,
                 Emit&& emit) const;
  template <typename Emit>
  void VisitWithoutBreakIterator(Worker& worker, std::string_view utf8, Emit&& emit) const;

  std::unique_ptr<Shared> shared_;
};

// The version of what TermString gives, for indexes kept apart from the database (search index
// snapshots): one written with terms of another version is analysed again. Changed whenever
// TermString's output changes (with a migration that rebuilds the database's indexes).
// terms-2: the stems alone (terms-1 added each word's folded form after them).
inline constexpr std::string_view kTermsVersion = "terms-2";

// The process-wide analyzer for a language tag, created on first use and never destroyed. Tags
// outside the six UN languages share the language-neutral analyzer (folding only). Thread-safe.
const Analyzer& SharedAnalyzer(std::string_view language);

// SharedAnalyzer(language).TermString(utf8).
std::string TermString(std::string_view utf8, std::string_view language);

}  // namespace plenary::text
