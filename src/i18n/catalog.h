#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace plenary::i18n {

// The UN's six official languages; English is complete, the others fall back to it per key.
inline constexpr std::string_view kLanguages[] = {"en", "fr", "es", "ru", "zh", "ar"};

using Args = std::vector<std::pair<std::string_view, std::string>>;

// Every UI string, by key, per language. Loaded once from the embedded locales/*.json; then
// read-only and thread-safe.
class Catalog {
 public:
  // Loads the embedded catalogs. Fails naming the file and key when a message is malformed.
  static Result<Catalog> LoadBuiltin();
  // Adds or replaces a language's messages (a flat JSON object of key -> message).
  Status AddLanguage(std::string_view language, std::string_view json_text);

  // The message for `key` in `language`, falling back to English, then to the key itself
  // (so a missing string is visible, never blank). `{name}` placeholders are replaced from
  // `args`; with an arg named "count", `key.one` / `key.other` are preferred when present.
  std::string Get(std::string_view language, std::string_view key, const Args& args = {}) const;
  bool Has(std::string_view language, std::string_view key) const;
  // Keys present in English, for completeness checks.
  std::vector<std::string> Keys() const;

  // Picks a supported language from an Accept-Language header ("fr-CH, fr;q=0.9, en;q=0.8").
  static std::string_view Negotiate(std::string_view accept_language);
  // "rtl" for Arabic, "ltr" otherwise.
  static std::string_view Direction(std::string_view language);

 private:
  const std::string* Find(std::string_view language, std::string_view key) const;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> messages_;
};

}  // namespace plenary::i18n
