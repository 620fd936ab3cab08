#include "engines/opinion/agreement.h"

#include <algorithm>
#include <vector>

namespace plenary::opinion {
namespace {

double Pairs(double n) {
  return n * (n - 1) / 2;
}

}  // namespace

double AdjustedRandIndex(std::span<const int32_t> a, std::span<const int32_t> b) {
  const size_t n = std::min(a.size(), b.size());
  if (n < 2) {
    return 1.0;
  }
  const int32_t ka = *std::max_element(a.begin(), a.begin() + n) + 1;
  const int32_t kb = *std::max_element(b.begin(), b.begin() + n) + 1;
  std::vector<double> table(static_cast<size_t>(ka) * kb, 0.0);
  std::vector<double> rows(ka, 0.0), cols(kb, 0.0);
  for (size_t i = 0; i < n; ++i) {
    table[static_cast<size_t>(a[i]) * kb + b[i]] += 1;
    rows[a[i]] += 1;
    cols[b[i]] += 1;
  }
  double index = 0, sum_rows = 0, sum_cols = 0;
  for (const double t : table) {
    index += Pairs(t);
  }
  for (const double r : rows) {
    sum_rows += Pairs(r);
  }
  for (const double c : cols) {
    sum_cols += Pairs(c);
  }
  const double expected = sum_rows * sum_cols / Pairs(static_cast<double>(n));
  const double maximum = 0.5 * (sum_rows + sum_cols);
  if (maximum == expected) {
    return 1.0;
  }
  return (index - expected) / (maximum - expected);
}

}  // namespace plenary::opinion
