#include "http/request.h"

#include "core/text.h"

namespace plenary::http {

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

void Headers::Set(std::string_view name, std::string value) {
  std::string key = AsciiLower(name);
  for (auto& [k, v] : entries_) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  entries_.emplace_back(std::move(key), std::move(value));
}

void Headers::Add(std::string_view name, std::string value) {
  entries_.emplace_back(AsciiLower(name), std::move(value));
}

void Headers::Remove(std::string_view name) {
  std::string key = AsciiLower(name);
  std::erase_if(entries_, [&](const auto& entry) { return entry.first == key; });
}

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  std::string key = AsciiLower(name);
  for (const auto& [k, v] : entries_) {
    if (k == key) {
      return std::string_view(v);
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
  auto it = query.find(name);
  if (it == query.end()) {
    return std::nullopt;
  }
  return std::string_view(it->second);
}

std::string_view Request::PathParam(std::string_view name) const {
  auto it = path_params.find(name);
  return it == path_params.end() ? std::string_view() : std::string_view(it->second);
}

bool Request::WantsHtml() const {
  auto accept = headers.Get("accept");
  return accept && accept->find("text/html") != std::string_view::npos;
}

std::optional<std::string_view> Request::Cookie(std::string_view name) const {
  auto header = headers.Get("cookie");
  if (!header) {
    return std::nullopt;
  }
  for (std::string_view pair : Split(*header, ';')) {
    pair = Trim(pair);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return pair.substr(eq + 1);
    }
  }
  return std::nullopt;
}

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}
}  // namespace

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  if (!IsValidUtf8(out) || out.find('\0') != std::string::npos) {
    return std::nullopt;
  }
  return out;
}

std::multimap<std::string, std::string, std::less<>> ParseQuery(std::string_view query) {
  std::multimap<std::string, std::string, std::less<>> out;
  for (std::string_view pair : Split(query, '&')) {
    if (pair.empty()) {
      continue;
    }
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    auto k = PercentDecode(key, true);
    auto v = PercentDecode(value, true);
    if (k && v) {
      out.emplace(std::move(*k), std::move(*v));
    }
  }
  return out;
}

}  // namespace plenary::http
