#include "engines/text/analyzer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "engines/text/language.h"
#include "engines/text/stemmer.h"
#include "engines/text/word_break.h"
#include "engines/text/word_cache.h"
#include "engines/text/word_form.h"

namespace plenary::text {
namespace {

// ICU word rule statuses, divided by 100 (UBRK_WORD_NUMBER, _LETTER, _KANA, _IDEO).
constexpr int kNumber = 1;
constexpr int kLetter = 2;

// Workers kept for reuse (about 150 KB each); more are made when more threads analyse at once,
// and dropped after.
constexpr size_t kMaxIdleWorkers = 16;

// The Snowball algorithms for Latin, Cyrillic and Arabic words; nullptr: not stemmed.
struct StemmerNames {
  const char* latin = nullptr;
  const char* cyrillic = nullptr;
  const char* arabic = nullptr;
};

StemmerNames StemmersFor(std::string_view code) {
  // Each UN language stems the words of the other UN scripts too, so that a Russian or Arabic
  // word is indexed alike whatever the contribution's language (mixed texts, quoted titles).
  if (code == "en" || code == "ru" || code == "ar" || code == "zh") {
    return {"english", "russian", "arabic"};
  }
  if (code == "fr") {
    return {"french", "russian", "arabic"};
  }
  if (code == "es") {
    return {"spanish", "russian", "arabic"};
  }
  return {};
}

bool IsWordCharacter(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0;
}

// `utf8` as UTF-16 into `out`, with the byte offset of each unit's character in `utf8_at` (and
// the text's length after the last). Ill-formed bytes become U+FFFD, which is never part of a
// word, as ICU's own UTF-8 reading would have them.
void ToUtf16(std::string_view utf8, std::u16string* out, std::vector<uint32_t>* utf8_at) {
  out->clear();
  utf8_at->clear();
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    const auto at = static_cast<uint32_t>(i);
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      c = 0xFFFD;
    }
    if (c <= 0xFFFF) {
      out->push_back(static_cast<char16_t>(c));
      utf8_at->push_back(at);
    } else {
      out->push_back(static_cast<char16_t>(U16_LEAD(c)));
      out->push_back(static_cast<char16_t>(U16_TRAIL(c)));
      utf8_at->insert(utf8_at->end(), 2, at);
    }
  }
  utf8_at->push_back(static_cast<uint32_t>(length));
}

// Copies `n` bytes, sizeof(Word) <= n <= 2 * sizeof(Word), as a head and a tail that overlap.
template <typename Word>
void CopyHeadAndTail(char* to, const char* from, size_t n) {
  Word head = 0;
  Word tail = 0;
  std::memcpy(&head, from, sizeof(Word));
  std::memcpy(&tail, from + n - sizeof(Word), sizeof(Word));
  std::memcpy(to, &head, sizeof(Word));
  std::memcpy(to + n - sizeof(Word), &tail, sizeof(Word));
}

// Copies `n` bytes with at most two loads and two stores when n <= 16, where memcpy is a call
// for each of the short terms.
void CopyShort(char* to, const char* from, size_t n) {
  if (n > 16) {
    std::memcpy(to, from, n);
  } else if (n >= 8) {
    CopyHeadAndTail<uint64_t>(to, from, n);
  } else if (n >= 4) {
    CopyHeadAndTail<uint32_t>(to, from, n);
  } else {
    for (size_t i = 0; i < n; ++i) {
      to[i] = from[i];
    }
  }
}

// Terms one after another in a worker's buffer, each after a space.
class TermList {
 public:
  explicit TermList(std::vector<char>* buffer) : buffer_(*buffer) {}

  void Add(std::string_view term) {
    const size_t end = size_ + 1 + term.size();
    if (end > buffer_.size()) {
      buffer_.resize(std::max(end, 2 * buffer_.size() + 256));
    }
    buffer_[size_] = ' ';
    CopyShort(buffer_.data() + size_ + 1, term.data(), term.size());
    size_ = end;
  }

  bool empty() const { return size_ == 0; }
  std::string_view view() const { return {buffer_.data(), size_}; }

 private:
  std::vector<char>& buffer_;
  size_t size_ = 0;
};

}  // namespace

struct Analyzer::Worker {
  Worker() = default;
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;
  ~Worker() { utext_close(&utext); }

  std::unique_ptr<icu::BreakIterator> breaker;  // null: split without ICU
  UText utext = UTEXT_INITIALIZER;
  std::array<Stemmer, 3> stemmers;  // Latin, Cyrillic, Arabic; made on first use
  std::array<bool, 3> stemmer_made = {false, false, false};
  WordCache cache;
  std::vector<WordSpan> words;
  std::u16string utf16;           // the text as ICU's break iterator reads it
  std::vector<uint32_t> utf8_at;  // by UTF-16 index: the byte offset of its character
  std::string scratch;
  std::string folded;
  std::string term;
  std::vector<char> terms;  // TermString's list (TermList)
};

struct Analyzer::Shared {
  std::string language;
  StemmerNames stemmer_names;
  const icu::Normalizer2* normalizer = nullptr;
  std::unique_ptr<icu::BreakIterator> prototype;  // null: split without ICU
  bool table_break = true;                        // BreakWordsWithoutIcu where the text allows
  std::mutex mutex;
  std::vector<std::unique_ptr<Worker>> idle;  // guarded by mutex
};

// A worker borrowed from the pool for one call.
class Analyzer::Lease {
 public:
  explicit Lease(Shared& shared) : shared_(shared) {
    std::lock_guard lock(shared_.mutex);
    if (!shared_.idle.empty()) {
      worker_ = std::move(shared_.idle.back());
      shared_.idle.pop_back();
      return;
    }
    // Cloning is far cheaper than building the rules again; done under the lock, as ICU does
    // not promise that concurrent clones of one iterator are safe.
    worker_ = std::make_unique<Worker>();
    if (shared_.prototype != nullptr) {
      worker_->breaker.reset(shared_.prototype->clone());
    }
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() {
    std::lock_guard lock(shared_.mutex);
    if (shared_.idle.size() < kMaxIdleWorkers) {
      shared_.idle.push_back(std::move(worker_));
    }
  }

  Worker& worker() { return *worker_; }

 private:
  Shared& shared_;
  std::unique_ptr<Worker> worker_;
};

Analyzer::Analyzer(std::string_view language) : shared_(std::make_unique<Shared>()) {
  shared_->language = NormalizeLanguageCode(language);
  shared_->stemmer_names = StemmersFor(shared_->language);
  UErrorCode status = U_ZERO_ERROR;
  shared_->normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) {
    shared_->normalizer = nullptr;
  }
  // The root locale: dictionaries apply by script, so Chinese inside a French text is segmented.
  status = U_ZERO_ERROR;
  shared_->prototype.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) {
    shared_->prototype.reset();
  }
}

Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;
Analyzer::~Analyzer() = default;

Analyzer Analyzer::WithoutBreakIteratorForTest(std::string_view language) {
  Analyzer analyzer(language);
  analyzer.shared_->prototype.reset();
  return analyzer;
}

Analyzer Analyzer::WithIcuOnlyForTest(std::string_view language) {
  Analyzer analyzer(language);
  analyzer.shared_->table_break = false;
  return analyzer;
}

const std::string& Analyzer::language() const {
  return shared_->language;
}

// Calls emit(text, folded, begin, end) for each term of `utf8`, in order.
template <typename Emit>
void Analyzer::Visit(Worker& worker, std::string_view utf8, Emit&& emit) const {
  utf8 = utf8.substr(0, kMaxAnalyzedBytes);
  if (utf8.empty()) {
    return;
  }
  if (worker.breaker == nullptr) {
    VisitWithoutBreakIterator(worker, utf8, emit);
    return;
  }
  // Alphabetic texts (most contributions) are split with a table, as ICU would split them at
  // a fraction of the cost; the others go to ICU (dictionaries for CJK and Thai, Hebrew rules).
  if (shared_->table_break && BreakWordsWithoutIcu(utf8, &worker.words)) {
    for (const WordSpan& w : worker.words) {
      VisitWord(worker, utf8.substr(w.begin, w.end - w.begin), w.kind, w.begin, emit);
    }
    return;
  }
  // ICU reads the text as UTF-16: its UTF-8 UText maps every index it visits through chunks, and
  // the dictionary engines (Chinese) visit each character several times, which made them a
  // quarter slower. Boundaries come back as UTF-16 indexes and map to byte offsets.
  ToUtf16(utf8, &worker.utf16, &worker.utf8_at);
  UErrorCode status = U_ZERO_ERROR;
  utext_openUChars(&worker.utext, worker.utf16.data(), static_cast<int64_t>(worker.utf16.size()),
                   &status);
  icu::BreakIterator& breaker = *worker.breaker;
  breaker.setText(&worker.utext, status);
  if (U_FAILURE(status)) {
    VisitWithoutBreakIterator(worker, utf8, emit);
    return;
  }
  const std::vector<uint32_t>& at = worker.utf8_at;
  int32_t begin = breaker.first();
  for (int32_t end = breaker.next(); end != icu::BreakIterator::DONE;
       begin = end, end = breaker.next()) {
    const int32_t rule = breaker.getRuleStatus();
    if (rule < UBRK_WORD_NONE_LIMIT) {
      continue;  // spaces, punctuation, symbols
    }
    const uint32_t from = at[static_cast<size_t>(begin)];
    VisitWord(worker, utf8.substr(from, at[static_cast<size_t>(end)] - from), rule / 100, from,
              emit);
  }
}

// One word of the break iterator, of ICU rule status `kind` * 100, at byte `begin`.
template <typename Emit>
void Analyzer::VisitWord(Worker& worker, std::string_view word, int kind, uint32_t begin,
                         Emit&& emit) const {
  if (kind == kNumber) {
    // "3,000" and "2.5": the digit runs, each its own term, as "3 000" and "2,5" give.
    const auto* s = reinterpret_cast<const uint8_t*>(word.data());
    const auto length = static_cast<int32_t>(word.size());
    int32_t run = -1;
    for (int32_t i = 0; i <= length;) {
      const int32_t at = i;
      UChar32 c = -1;
      if (i < length) {
        U8_NEXT(s, i, length, c);
      } else {
        ++i;
      }
      if (c >= 0 && IsWordCharacter(c)) {
        run = run < 0 ? at : run;
      } else if (run >= 0) {
        VisitWord(worker, word.substr(static_cast<size_t>(run), static_cast<size_t>(at - run)), 0,
                  begin + static_cast<uint32_t>(run), emit);
        run = -1;
      }
    }
    return;
  }
  const uint32_t end = begin + static_cast<uint32_t>(word.size());
  WordCache::Forms cached;
  if (worker.cache.Find(word, kind, &cached)) {
    emit(cached.term, cached.folded, begin, end);
    return;
  }
  FoldWord(shared_->normalizer, word, &worker.scratch, &worker.folded);
  std::string_view stemmed = worker.folded;
  if (kind == kLetter) {
    StripElision(&worker.folded);
    stemmed = worker.folded;
    const Script script = ScriptOf(worker.folded);
    if (script != Script::kOther && worker.folded.size() <= kMaxTermBytes) {
      const auto index = static_cast<size_t>(script) - 1;
      if (!worker.stemmer_made[index]) {
        const StemmerNames& names = shared_->stemmer_names;
        const char* name = std::array{names.latin, names.cyrillic, names.arabic}[index];
        if (name != nullptr) {
          worker.stemmers[index] = Stemmer(name);
        }
        worker.stemmer_made[index] = true;
      }
      stemmed = worker.stemmers[index].Stem(worker.folded);
    }
  }
  KeepWordCharacters(stemmed, &worker.term);
  KeepWordCharacters(worker.folded, &worker.scratch);
  if (worker.scratch.empty()) {
    return;  // nothing but punctuation, or a lone apostrophe
  }
  if (worker.term.empty()) {
    worker.term = worker.scratch;
  }
  // A folded form equal to the term is passed as the term itself (WordCache's convention).
  const std::string_view term = worker.term;
  const std::string_view folded = worker.scratch == worker.term ? term : worker.scratch;
  worker.cache.Put(word, kind, {term, folded});
  emit(term, folded, begin, end);
}

// Words are maximal runs of letters, marks and digits (no dictionary segmentation).
template <typename Emit>
void Analyzer::VisitWithoutBreakIterator(Worker& worker, std::string_view utf8, Emit&& emit) const {
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t run = -1;
  bool letters = false;
  for (int32_t i = 0; i <= length;) {
    const int32_t at = i;
    UChar32 c = -1;
    if (i < length) {
      U8_NEXT(s, i, length, c);
    } else {
      ++i;
    }
    if (c >= 0 && IsWordCharacter(c)) {
      if (run < 0) {
        run = at;
        letters = false;
      }
      letters = letters || (U_GET_GC_MASK(c) & U_GC_L_MASK) != 0;
    } else if (run >= 0) {
      VisitWord(worker, utf8.substr(static_cast<size_t>(run), static_cast<size_t>(at - run)),
                letters ? kLetter : kNumber, static_cast<uint32_t>(run), emit);
      run = -1;
    }
  }
}

std::vector<Term> Analyzer::Terms(std::string_view utf8) const {
  std::vector<Term> terms;
  terms.reserve(std::min(utf8.size(), kMaxAnalyzedBytes) / 8);  // about one word per 7 bytes
  Lease lease(*shared_);
  Visit(lease.worker(), utf8,
        [&](std::string_view text, std::string_view folded, uint32_t begin, uint32_t end) {
          terms.push_back(Term{std::string(text), std::string(folded), begin, end});
        });
  return terms;
}

std::string Analyzer::TermString(std::string_view utf8) const {
  Lease lease(*shared_);
  Worker& worker = lease.worker();
  TermList terms(&worker.terms);
  Visit(worker, utf8,
        [&](std::string_view text, std::string_view, uint32_t, uint32_t) { terms.Add(text); });
  if (terms.empty()) {
    return {};
  }
  return std::string(terms.view().substr(1));  // without the first space
}

const Analyzer& SharedAnalyzer(std::string_view language) {
  static constexpr std::array<std::string_view, 7> kCodes = {"",   "ar", "en", "es",
                                                             "fr", "ru", "zh"};
  const std::string code = NormalizeLanguageCode(language);
  size_t slot = 0;
  for (size_t i = 0; i < kCodes.size(); ++i) {
    if (kCodes[i] == code) {
      slot = i;
    }
  }
  // Leaked on purpose: threads may still analyse while static destructors run at exit.
  static std::mutex mutex;
  static std::array<const Analyzer*, kCodes.size()> analyzers = {};
  std::lock_guard lock(mutex);
  if (analyzers[slot] == nullptr) {
    analyzers[slot] = new Analyzer(kCodes[slot]);
  }
  return *analyzers[slot];
}

std::string TermString(std::string_view utf8, std::string_view language) {
  return SharedAnalyzer(language).TermString(utf8);
}

}  // namespace plenary::text
