#pragma once

#include <cstring>

namespace plenary::opinion {

// Two doubles in one SSE2 register (GCC's vector extension): what the engine's hand-vectorised
// loops add with, on every x86-64.
using Double2 = double __attribute__((vector_size(16)));

// Two consecutive doubles, from any alignment.
inline Double2 Load2(const double* p) {
  Double2 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace plenary::opinion
