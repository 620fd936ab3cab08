#include "engines/dedup/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <string>

#include "core/text.h"
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
    return Error(Internal(std::string("ICU word break iterator unavailable: ") +
                          u_errorName(status)));
  }
  return Tokenizer(std::move(icu));
}

Status Tokenizer::Tokenize(std::string_view text, Tokens* out) {
  out->Clear();
  if (text.size() > kMaxIcuBytes) {
    return ResourceExhausted("text of " + std::to_string(text.size()) + " bytes is too long");
  }
  if (!IsValidUtf8(text)) {
    return InvalidArgument("text is not valid UTF-8");
  }
  if (FastTokenize(text, &scratch_, out)) {
    return Status::Ok();
  }
  out->Clear();
  return TokenizeWithIcu(text, out);
}

Status Tokenizer::TokenizeWithIcu(std::string_view text, Tokens* out) {
  if (text.size() > kMaxIcuBytes) {
    return ResourceExhausted("text of " + std::to_string(text.size()) + " bytes is too long");
  }
  IcuParts& icu = *icu_;
  UErrorCode status = U_ZERO_ERROR;
  icu.source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu.normalizer->normalize(icu.source, icu.normalized, status);
  if (U_FAILURE(status)) {
    return Internal(std::string("ICU normalisation failed: ") + u_errorName(status));
  }
  icu.breaker->setText(icu.normalized);
  size_t letters = 0;
  size_t no_space_letters = 0;
  int32_t start = icu.breaker->first();
  for (int32_t end = icu.breaker->next(); end != icu::BreakIterator::DONE;
       start = end, end = icu.breaker->next()) {
    for (int32_t i = start; i < end;) {
      const UChar32 c = icu.normalized.char32At(i);
      i += U16_LENGTH(c);
      const uint32_t mask = U_GET_GC_MASK(c);
      if ((mask & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) == 0) {
        continue;
      }
      char bytes[U8_MAX_LENGTH];
      int32_t length = 0;
      U8_APPEND_UNSAFE(bytes, length, c);
      out->AppendToWord(std::string_view(bytes, static_cast<size_t>(length)));
      if ((mask & U_GC_L_MASK) != 0) {
        ++letters;
        no_space_letters += IsNoSpaceScript(c) ? 1 : 0;
      }
    }
    out->EndWord();
  }
  out->set_no_space_script(no_space_letters * 2 > letters);
  return Status::Ok();
}

}  // namespace plenary::dedup
