#pragma once

#include <cstddef>
#include <random>
#include <vector>

#include "engines/opinion/dense_block.h"

namespace plenary::opinion {

// `count` values drawn from the standard normal distribution.
inline std::vector<double> RandomValues(size_t count, std::mt19937_64& random) {
  std::normal_distribution<double> normal;
  std::vector<double> values(count);
  for (double& x : values) {
    x = normal(random);
  }
  return values;
}

// k vectors of `cols` standard normal values.
inline Block RandomBlock(int k, size_t cols, std::mt19937_64& random) {
  Block block(k);
  for (auto& vector : block) {
    vector = RandomValues(cols, random);
  }
  return block;
}

}  // namespace plenary::opinion
