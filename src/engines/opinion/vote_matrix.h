#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace plenary::opinion {

// Vote values in the export's sign: agree = +1, disagree = -1, pass = 0. (Polis's math flips
// the sign internally; every result here is invariant under that flip.)
enum class Vote : int8_t { kDisagree = -1, kPass = 0, kAgree = 1 };

// Maps external ids to dense indices 0, 1, 2, ... in order of first appearance. Small
// non-negative ids (the usual case) are looked up in a flat table, others in a hash map.
class IdIndex {
 public:
  // The index of `id`, added when new and size() < cap; -1 when it is new and the cap is full.
  // A known id in the flat table (the bulk of any load) is one inline read.
  int32_t Intern(int64_t id, size_t cap) {
    if (static_cast<uint64_t>(id) < dense_.size() && dense_[static_cast<size_t>(id)] != 0) {
      return dense_[static_cast<size_t>(id)] - 1;
    }
    return InternOther(id, cap);
  }
  // The index of `id`, or -1.
  int32_t Find(int64_t id) const;
  int64_t id(int32_t index) const { return ids_[index]; }
  const std::vector<int64_t>& ids() const { return ids_; }
  size_t size() const { return ids_.size(); }

 private:
  int32_t InternOther(int64_t id, size_t cap);  // Intern's other cases: new, or not small

  static constexpr int64_t kDenseLimit = int64_t{1} << 26;
  std::vector<int32_t> dense_;  // id -> index + 1; 0 = absent
  std::unordered_map<int64_t, int32_t> sparse_;
  std::vector<int64_t> ids_;
};

// Votes in arrival order, by dense index (structure of arrays: 9 bytes a vote).
struct VoteLog {
  std::vector<uint32_t> row;
  std::vector<uint32_t> col;
  std::vector<int8_t> value;

  void Add(uint32_t r, uint32_t c, int8_t v) {
    row.push_back(r);
    col.push_back(c);
    value.push_back(v);
  }
  size_t size() const { return row.size(); }
  void Clear();
};

// The raw vote matrix R in compressed sparse rows: one entry per (participant, comment) that
// has a vote, columns ascending within a row. Missing cells are simply absent.
struct VoteMatrix {
  int32_t rows = 0;
  int32_t cols = 0;
  std::vector<uint64_t> row_start{0};  // rows + 1 offsets
  std::vector<uint32_t> col;
  std::vector<int8_t> value;

  size_t nnz() const { return col.size(); }
  size_t RowLength(int32_t r) const { return row_start[r + 1] - row_start[r]; }
  // Sizes the cell arrays to `cells` for a merge in place; when they must grow, with room for
  // a quarter more, so that most later merges do not reallocate (an overlay's compaction adds up
  // to a sixteenth: with a sixteenth of room, every other one reallocated, and fresh pages cost
  // 7.9k_x_7.8k's compacting update 5-15 ms more in 3 of 8 runs). Room not written takes no
  // memory.
  void ResizeCells(uint64_t cells);

  bool operator==(const VoteMatrix&) const = default;
};

// A cell that a batch of votes changes: its value before (kAbsent when it had none) and after.
struct CellChange {
  static constexpr int8_t kAbsent = 2;
  int32_t row = 0;
  uint32_t col = 0;
  int8_t before = kAbsent;
  int8_t after = 0;

  bool operator==(const CellChange&) const = default;
};

// Per column raw tallies, kept up to date as votes merge.
struct ColumnTotals {
  std::vector<int64_t> agree;
  std::vector<int64_t> disagree;
  std::vector<int64_t> seen;  // non-missing: agree + disagree + pass

  void Resize(size_t cols);
  bool operator==(const ColumnTotals&) const = default;
};

// Applies `log` on top of `base` (a later vote on the same cell replaces the earlier one) and
// returns the new matrix with `rows` x `cols` (at least base's). Updates `totals` from the cells
// that changed only. Costs one sequential copy of `base` plus sorting the log by row and column,
// on up to `threads` threads (the result does not depend on the number).
VoteMatrix MergeVotes(const VoteMatrix& base, const VoteLog& log, int32_t rows, int32_t cols,
                      ColumnTotals& totals, int threads = 2);

// The same merge done in `matrix`'s own arrays (grown, with room kept for later batches): no
// copy of the rows without new votes into fresh memory, only a move of each run of them by the
// number of votes added before it. One thread; meant for batches that are small against the
// matrix (a rebuild is parallel and as quick for large ones). The result is MergeVotes'.
// When `changes` is given, the cells whose value changed are appended to it, in row and column
// order (what PendingChanges in tallies.h finds before a merge).
void MergeVotesInPlace(VoteMatrix& matrix, const VoteLog& log, int32_t rows, int32_t cols,
                       ColumnTotals& totals, std::vector<CellChange>* changes = nullptr);

}  // namespace plenary::opinion
