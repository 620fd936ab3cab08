#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "engines/opinion/vote_matrix.h"

namespace plenary::opinion::testing {

// A synthetic conversation with planted opinion groups: each group has its own stance (+1/-1)
// on every comment; members vote their group's stance with probability `fidelity`, the opposite
// or pass otherwise, on a random `coverage` share of the comments.
struct PlantedVote {
  int64_t participant;
  int64_t comment;
  Vote vote;
};

struct Planted {
  std::vector<PlantedVote> votes;
  std::vector<int32_t> group;            // per participant id 0..n-1
  std::vector<std::vector<int>> stance;  // [group][comment]
};

inline Planted MakePlanted(int participants, int comments, int groups, double coverage,
                           double fidelity, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  Planted p;
  p.stance.assign(groups, std::vector<int>(comments));
  for (auto& s : p.stance) {
    for (int& v : s) {
      v = unit(random) < 0.5 ? 1 : -1;
    }
  }
  for (int i = 0; i < participants; ++i) {
    const int g = static_cast<int>(random() % groups);
    p.group.push_back(g);
    for (int c = 0; c < comments; ++c) {
      if (unit(random) >= coverage) {
        continue;
      }
      const double u = unit(random);
      const int v = u < fidelity ? p.stance[g][c] : (u < (1 + fidelity) / 2 ? 0 : -p.stance[g][c]);
      p.votes.push_back({i, c, static_cast<Vote>(v)});
    }
  }
  return p;
}

// The planted votes as a vote log (participant and comment ids are the rows and columns).
inline VoteLog PlantedLog(const Planted& planted) {
  VoteLog log;
  for (const PlantedVote& v : planted.votes) {
    log.Add(static_cast<uint32_t>(v.participant), static_cast<uint32_t>(v.comment),
            static_cast<int8_t>(v.vote));
  }
  return log;
}

}  // namespace plenary::opinion::testing
