#include "i18n/catalog.h"

#include <algorithm>
#include <cstdlib>
#include <span>

#include <nlohmann/json.hpp>

#include "core/embedded.h"
#include "core/text.h"

namespace plenary::i18n {

std::span<const EmbeddedFile> EmbeddedLocales();  // generated

Result<Catalog> Catalog::LoadBuiltin() {
  Catalog catalog;
  for (const EmbeddedFile& file : EmbeddedLocales()) {
    std::string_view name = file.name;
    if (!name.ends_with(".json")) {
      continue;
    }
    name.remove_suffix(5);
    RETURN_IF_ERROR(catalog.AddLanguage(name, file.content));
  }
  if (!catalog.messages_.contains("en")) {
    return Error(Internal("the English catalog is missing"));
  }
  return catalog;
}

Status Catalog::AddLanguage(std::string_view language, std::string_view json_text) {
  auto parsed = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return InvalidArgument(std::string(language) + ".json is not a JSON object");
  }
  auto& table = messages_[std::string(language)];
  for (const auto& [key, value] : parsed.items()) {
    if (!value.is_string()) {
      return InvalidArgument(std::string(language) + ".json: " + key + " is not a string");
    }
    table[key] = value.get<std::string>();
  }
  return Status::Ok();
}

const std::string* Catalog::Find(std::string_view language, std::string_view key) const {
  for (std::string_view lang : {language, std::string_view("en")}) {
    auto table = messages_.find(lang);
    if (table == messages_.end()) {
      continue;
    }
    auto it = table->second.find(key);
    if (it != table->second.end()) {
      return &it->second;
    }
  }
  return nullptr;
}

bool Catalog::Has(std::string_view language, std::string_view key) const {
  auto table = messages_.find(language);
  return table != messages_.end() && table->second.contains(key);
}

std::string Catalog::Get(std::string_view language, std::string_view key, const Args& args) const {
  const std::string* message = nullptr;
  for (const auto& [name, value] : args) {
    if (name == "count") {
      std::string plural = std::string(key) + (value == "1" ? ".one" : ".other");
      message = Find(language, plural);
    }
  }
  if (message == nullptr) {
    message = Find(language, key);
  }
  if (message == nullptr) {
    return std::string(key);
  }
  std::string out;
  out.reserve(message->size());
  for (size_t i = 0; i < message->size(); ++i) {
    char c = (*message)[i];
    size_t close = c == '{' ? message->find('}', i) : std::string::npos;
    if (close != std::string::npos) {
      std::string_view name(message->data() + i + 1, close - i - 1);
      auto arg =
          std::find_if(args.begin(), args.end(), [&](const auto& a) { return a.first == name; });
      if (arg != args.end()) {
        out += arg->second;
        i = close;
        continue;
      }
    }
    out += c;
  }
  return out;
}

std::vector<std::string> Catalog::Keys() const {
  std::vector<std::string> keys;
  auto en = messages_.find("en");
  if (en != messages_.end()) {
    for (const auto& [key, value] : en->second) {
      keys.push_back(key);
    }
  }
  return keys;
}

std::string_view Catalog::Negotiate(std::string_view accept_language) {
  std::string_view best = "en";
  double best_q = -1;
  for (std::string_view part : Split(accept_language, ',')) {
    auto fields = Split(Trim(part), ';');
    std::string tag = AsciiLower(Trim(fields[0]).substr(0, 2));
    double q = 1.0;
    for (size_t i = 1; i < fields.size(); ++i) {
      std::string_view f = Trim(fields[i]);
      if (f.starts_with("q=")) {
        q = std::strtod(std::string(f.substr(2)).c_str(), nullptr);
      }
    }
    for (std::string_view lang : kLanguages) {
      if (lang == tag && q > best_q) {
        best = lang;
        best_q = q;
      }
    }
  }
  return best;
}

std::string_view Catalog::Direction(std::string_view language) {
  return language == "ar" ? "rtl" : "ltr";
}

}  // namespace plenary::i18n
