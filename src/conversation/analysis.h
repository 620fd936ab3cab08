#pragma once

#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "conversation/model.h"
#include "engines/opinion/conversation.h"
#include "process/commands.h"

// From the engine's analysis to a results snapshot: plain JSON, stored as is and cited.
namespace plenary::conversation {

// Above this many participants in groups, the map is a density grid rather than points.
inline constexpr size_t kMaxMapPoints = 1500;

struct AnalysisInput {
  const Conversation& conversation;
  const std::vector<Statement>& statements;      // by number
  const std::vector<Participant>& participants;  // by number
  const process::CountryMap& countries;
};

// Feeds moderation into `engine` (which holds the votes), runs an update (warm-started from the
// previous one) and summarises it: counts, groups with sizes, centroids, hulls and
// representative statements, consensus, the map, cross-tabulations of the groups against
// declared stakeholder group and UN region, statistics for the external groupings
// ("stakeholder_group", and "polis" when participants carry a Polis group-id), and each
// statement's routing priority.
nlohmann::json Summarise(opinion::Conversation& engine, const AnalysisInput& input);

// Andrew's monotone chain: the convex hull of `points`, counter-clockwise, without repeats.
std::vector<opinion::Point> ConvexHull(std::vector<opinion::Point> points);

// The label of group `index`: "A", "B", ...
std::string GroupLetter(int index);

}  // namespace plenary::conversation
