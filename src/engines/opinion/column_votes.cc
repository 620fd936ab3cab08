#include "engines/opinion/column_votes.h"

#include <algorithm>

#include "engines/opinion/parallel.h"

namespace plenary::opinion {

bool ColumnVotes::Fits(const VoteMatrix& m) {
  return m.rows <= 65'536 && 3 * static_cast<int64_t>(m.cols) <= 65'536;
}

bool ColumnVotes::Describes(const VoteMatrix& m) const {
  return Fits(m) && !start.empty() && rows <= m.rows && cols <= m.cols && cell.size() == m.nnz() &&
         m.row_start[rows] == m.nnz();
}

void ColumnVotes::Clear() {
  rows = cols = 0;
  cell.clear();
  start.clear();
  voter.clear();
}

void BuildColumnVotes(const VoteMatrix& m, int threads, ColumnVotes& out) {
  const size_t cells = 3 * static_cast<size_t>(m.cols);
  out.rows = m.rows;
  out.cols = m.cols;
  out.cell.resize(m.nnz());
  out.voter.resize(m.nnz());
  // Each block of rows counts its votes by cell; a cell's voters are then placed block after
  // block, each block's rows in order, so that every cell's list is ascending.
  const int blocks = std::max(1, BlockCount(m));
  const std::vector<int32_t> bounds = SplitRowsByVotes(m, blocks);
  std::vector<std::vector<uint32_t>>& counts = out.places;
  counts.resize(blocks);
  RunTasks(blocks, threads, [&](int b) {
    std::vector<uint32_t>& count = counts[b];
    count.assign(cells, 0);
    for (uint64_t k = m.row_start[bounds[b]]; k < m.row_start[bounds[b + 1]]; ++k) {
      const auto c = static_cast<uint16_t>(3 * m.col[k] + m.value[k] + 1);
      out.cell[k] = c;
      ++count[c];
    }
  });
  // The blocks' counts become their first places in each cell's list.
  out.start.resize(cells + 1);
  uint32_t offset = 0;
  for (size_t c = 0; c < cells; ++c) {
    out.start[c] = offset;
    for (int b = 0; b < blocks; ++b) {
      const uint32_t n = counts[b][c];
      counts[b][c] = offset;
      offset += n;
    }
  }
  out.start[cells] = offset;
  RunTasks(blocks, threads, [&](int b) {
    uint32_t* place = counts[b].data();
    uint16_t* voter = out.voter.data();
    const uint16_t* cell = out.cell.data();
    for (int32_t r = bounds[b]; r < bounds[b + 1]; ++r) {
      for (uint64_t k = m.row_start[r]; k < m.row_start[r + 1]; ++k) {
        voter[place[cell[k]]++] = static_cast<uint16_t>(r);
      }
    }
  });
}

}  // namespace plenary::opinion
