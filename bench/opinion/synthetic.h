#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"

namespace plenary::bench {

// A conversation size from the issue.
struct Shape {
  std::string name;
  int64_t participants = 0;
  int64_t comments = 0;
  int64_t votes = 0;
};

// 2k x 200 (120k), 7.9k x 7.8k (1.03M), 33k x 783 (2.0M), 100k x 2k (10M), 1M x 10k (100M).
const std::vector<Shape>& Shapes();
const Shape* FindShape(const std::string& name);

struct SyntheticOptions {
  int groups = 4;               // planted opinion groups
  double fidelity = 0.75;       // a member votes the group's stance with this probability,
  double pass = 0.10;           // passes with this one, and votes against it otherwise
  double moderated_out = 0.01;  // share of comments rejected by moderators
  uint64_t seed = 1;
};

// Writes votes.csv (Polis layout, time order, one vote per cell) and comments.csv into `dir`.
// Each participant belongs to a planted group, votes on a uniformly random set of comments of
// about votes / participants (+-50%). Returns the number of votes written.
int64_t WriteSyntheticConversation(const Shape& shape, const SyntheticOptions& options,
                                   const std::filesystem::path& dir);

}  // namespace plenary::bench
