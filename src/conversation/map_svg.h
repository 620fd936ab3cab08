#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

// The opinion map as inline SVG: no script, no style attribute (CSP-safe), every text escaped.
namespace plenary::conversation {

struct MapText {
  std::string title;                     // the accessible name
  std::string description;               // what it shows, in words
  std::vector<std::string> group_names;  // "Group A (12)", per group
};

// From a snapshot's "map" and "groups": participants as points (or a density grid when the
// snapshot has one), each group's convex hull outlined and labelled at its centroid. The svg has
// role="img" with <title> and <desc>; the page gives the same data as a table.
std::string OpinionMapSvg(const nlohmann::json& map, const nlohmann::json& groups,
                          const MapText& text);

// The colour of group `index` (dark enough for 3:1 against white).
std::string_view GroupColour(size_t index);

}  // namespace plenary::conversation
