#include "engines/dedup/tokenizer.h"

#include <string>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "engines/dedup/fast_tokenizer.h"

namespace plenary::dedup {
namespace {

constexpr size_t kMaxIcuBytes = size_t{256} << 20;  // ICU indexes with int32_t

bool IsNoSpaceScript(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_KATAKANA_OR_HIRAGANA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
    case USCRIPT_YI:
      return true;
    default:
      return false;
  }
}

// Han, Hiragana and Katakana letters, recognised without a property look-up.
inline bool IsCommonIdeograph(UChar32 c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA);
}

inline bool IsWordCharacter(UChar32 c) {
  return IsCommonIdeograph(c) ||
         (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

// True when most letters of `text` belong to scripts written without spaces.
bool IsMostlyNoSpaceScript(const icu::UnicodeString& text) {
  size_t letters = 0;
  size_t no_space_letters = 0;
  const char16_t* buffer = text.getBuffer();
  const int32_t length = text.length();
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U16_NEXT(buffer, i, length, c);
    if (IsCommonIdeograph(c)) {
      ++letters;
      ++no_space_letters;
    } else if ((U_GET_GC_MASK(c) & U_GC_L_MASK) != 0) {
      ++letters;
      no_space_letters += IsNoSpaceScript(c) ? 1 : 0;
    }
  }
  return no_space_letters * 2 > letters;
}

}  // namespace

struct Tokenizer::IcuParts {
  const icu::Normalizer2* normalizer = nullptr;
  std::unique_ptr<icu::BreakIterator> breaker;
  icu::UnicodeString source;
  icu::UnicodeString normalized;
};

Tokenizer::Tokenizer(std::unique_ptr<IcuParts> icu) : icu_(std::move(icu)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Result<Tokenizer> Tokenizer::Create() {
  auto icu = std::make_unique<IcuParts>();
  UErrorCode status = U_ZERO_ERROR;
  icu->normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) {
    return Error(Internal(std::string("ICU NFKC_Casefold unavailable: ") + u_errorName(status)));
  }
  icu->breaker.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || icu->breaker == nullptr) {
    return Error(
        Internal(std::string("ICU word break iterator unavailable: ") + u_errorName(status)));
  }
  return Tokenizer(std::move(icu));
}

Status Tokenizer::Run(std::string_view text, bool dictionary_words, Tokens* out) {
  out->Clear();
  if (text.size() > kMaxIcuBytes) {
    return ResourceExhausted("text of " + std::to_string(text.size()) + " bytes is too long");
  }
  // The fast path checks the UTF-8 it decodes; anything it declines is validated here.
  if (FastTokenize(text, &scratch_, out)) {
    return Status::Ok();
  }
  out->Clear();
  return TokenizeWithIcu(text, dictionary_words, out);
}

Status Tokenizer::TokenizeWithIcu(std::string_view text, bool dictionary_words, Tokens* out) {
  RETURN_IF_ERROR(Normalize(text));
  const icu::UnicodeString& normalized = icu_->normalized;
  out->set_no_space_script(IsMostlyNoSpaceScript(normalized));
  if (out->no_space_script() && !dictionary_words) {
    // Runs between spaces and punctuation (AppendSegment drops those characters).
    int32_t start = 0;
    const char16_t* buffer = normalized.getBuffer();
    const int32_t length = normalized.length();
    for (int32_t i = 0; i < length;) {
      UChar32 c = 0;
      U16_NEXT(buffer, i, length, c);
      if (!IsWordCharacter(c)) {
        AppendSegment(start, i, out);
        start = i;
      }
    }
    AppendSegment(start, length, out);
    return Status::Ok();
  }
  icu::BreakIterator& breaker = *icu_->breaker;
  breaker.setText(normalized);
  int32_t start = breaker.first();
  for (int32_t end = breaker.next(); end != icu::BreakIterator::DONE;
       start = end, end = breaker.next()) {
    AppendSegment(start, end, out);
  }
  return Status::Ok();
}

// UTF-8 to UTF-16, strictly (no substitution, so it doubles as validation), then NFKC_Casefold.
Status Tokenizer::Normalize(std::string_view text) {
  if (text.size() > kMaxIcuBytes) {
    return ResourceExhausted("text of " + std::to_string(text.size()) + " bytes is too long");
  }
  IcuParts& icu = *icu_;
  UErrorCode status = U_ZERO_ERROR;
  const auto capacity = static_cast<int32_t>(text.size()) + 1;
  int32_t length = 0;
  u_strFromUTF8(icu.source.getBuffer(capacity), capacity, &length, text.data(),
                static_cast<int32_t>(text.size()), &status);
  icu.source.releaseBuffer(U_SUCCESS(status) ? length : 0);
  if (status == U_INVALID_CHAR_FOUND || status == U_ILLEGAL_CHAR_FOUND) {
    return InvalidArgument("text is not valid UTF-8");
  }
  if (U_FAILURE(status)) {
    return Internal(std::string("ICU conversion failed: ") + u_errorName(status));
  }
  icu.normalizer->normalize(icu.source, icu.normalized, status);
  if (U_FAILURE(status)) {
    return Internal(std::string("ICU normalisation failed: ") + u_errorName(status));
  }
  return Status::Ok();
}

// Appends the letters, digits and marks of normalized[start, end) as one word.
void Tokenizer::AppendSegment(int32_t start, int32_t end, Tokens* out) {
  const char16_t* buffer = icu_->normalized.getBuffer();
  char* word = out->WordSpace(static_cast<size_t>(end - start) * 3);  // UTF-8: <= 3 per unit
  int32_t length = 0;
  for (int32_t i = start; i < end;) {
    UChar32 c = 0;
    U16_NEXT(buffer, i, end, c);
    if (IsWordCharacter(c)) {
      U8_APPEND_UNSAFE(word, length, c);
    }
  }
  out->EndWord(word + length);
}

}  // namespace plenary::dedup
