#include "campaigns/personal.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "web/html.h"

namespace plenary::campaigns {
namespace {

using nlohmann::json;

void AppendWords(std::string& out, const std::vector<std::string>& words, size_t begin,
                 size_t end) {
  for (size_t i = begin; i < end && i < words.size(); ++i) {
    out += out.empty() ? "" : " ";
    web::AppendEscaped(out, words[i]);
  }
}

std::string Joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    out += out.empty() ? "" : " ";
    web::AppendEscaped(out, w);
  }
  return out;
}

}  // namespace

std::vector<Edit> EditsOf(const dedup::PersonalPart& part) {
  std::vector<Edit> out;
  for (const dedup::WordEdit& e : part.edits) {
    out.push_back({static_cast<int64_t>(e.position), e.removed, e.added});
  }
  return out;
}

std::string EncodeEdits(const std::vector<Edit>& edits) {
  json out = json::array();
  for (const Edit& e : edits) {
    out.push_back({{"at", e.position}, {"removed", e.removed}, {"added", e.added}});
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<Edit> DecodeEdits(std::string_view text) {
  std::vector<Edit> out;
  json parsed = json::parse(text, nullptr, false);
  if (!parsed.is_array()) {
    return out;
  }
  auto words = [](const json& list) {
    std::vector<std::string> w;
    if (list.is_array()) {
      for (const json& item : list) {
        if (item.is_string()) {
          w.push_back(item.get<std::string>());
        }
      }
    }
    return w;
  };
  for (const json& item : parsed) {
    if (!item.is_object() || !item.contains("at") || !item["at"].is_number_integer()) {
      continue;
    }
    out.push_back({item["at"].get<int64_t>(), words(item.value("removed", json::array())),
                   words(item.value("added", json::array()))});
  }
  return out;
}

std::string HighlightEdits(const std::vector<std::string>& representative_words,
                           const std::vector<Edit>& edits, size_t context) {
  std::string out;
  for (const Edit& e : edits) {
    size_t at = static_cast<size_t>(std::max<int64_t>(e.position, 0));
    size_t begin = at > context ? at - context : 0;
    size_t after = at + e.removed.size();
    std::string passage;
    AppendWords(passage, representative_words, begin, at);
    if (!e.removed.empty()) {
      passage += passage.empty() ? "<del>" : " <del>";
      passage += Joined(e.removed) + "</del>";
    }
    if (!e.added.empty()) {
      passage += passage.empty() ? "<mark>" : " <mark>";
      passage += Joined(e.added) + "</mark>";
    }
    std::string tail;
    AppendWords(tail, representative_words, after, after + context);
    if (!tail.empty()) {
      passage += " " + tail;
    }
    out += out.empty() ? "" : " … ";
    out += passage;
  }
  return out;
}

}  // namespace plenary::campaigns
