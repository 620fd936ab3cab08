#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace plenary::opinion {

// Rows' dot products with a block of vectors, row-major: row i's product with vector j at
// sums[i * stride + j], j < vectors (the other lanes 0). A Gram pass keeps them for the block it
// multiplies (gram_product.h, RowSums).
struct RowBlock {
  const double* sums = nullptr;
  int vectors = 0;
};

// The rows' products with combinations of the blocks' vectors: for the vectors numbered k = 0, 1,
// ... across `blocks` in order, out[i * stride + j] = sum over k of coefficients[k * n + j] *
// (row i's product with vector k), for j < n (n <= stride; lanes from n on are set to 0), and,
// when `tail` is not null, the same sums over k >= from only into *tail. Since X (s v) = (X s) v,
// these are the rows' products with the combined vectors, without a pass over the votes. Each sum
// runs over k in order (the same result on every processor); rows are split in fixed ranges over
// `threads`.
void CombineRowSums(std::span<const RowBlock> blocks, size_t rows, int stride,
                    std::span<const double> coefficients, int n, int from, int threads,
                    std::vector<double>& out, std::vector<double>* tail = nullptr);

}  // namespace plenary::opinion
