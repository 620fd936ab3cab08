#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conversation/queries.h"
#include "i18n/catalog.h"

// Page contexts for the conversation templates: plain JSON, labels already translated.
namespace plenary::conversation {

using Translate = std::function<std::string(std::string_view key, const i18n::Args& args)>;

struct ProcessRef {
  int64_t id = 0;
  std::string title;
  std::string short_name;
};

// The list of a process's conversations.
nlohmann::json ListView(const ProcessRef& process, const std::vector<Conversation>& items,
                        const Translate& t);

// The voting page: one statement and its three buttons, the declaration form, the statement
// form. `participant` is the voter's (nullopt before their first vote).
struct VotingPage {
  const Conversation& conversation;
  const ProcessRef& process;
  const Next& next;
  const std::optional<Participant>& participant;
  const process::CountryMap& countries;
  std::string csrf_field;  // "csrf_token" (session) or "participant_csrf" ("" for none)
  std::string csrf_value;
  std::string notice;  // after a vote, a declaration or a statement
  std::string error;
};
nlohmann::json VotingView(const VotingPage& page, const Translate& t);

// The results page: the map (SVG and table), groups' representative statements, consensus,
// cross-tabulations, the citation and the other groupings and snapshots.
nlohmann::json ResultsView(const Results& results, const std::vector<store::Snapshot>& snapshots,
                           const Translate& t);

}  // namespace plenary::conversation
